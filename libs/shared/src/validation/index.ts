export { DepthLimitedValidationPipe } from './depth-limited-validation.pipe';
export { validateRouteInput } from './validate-route-input';
export { hasExactlyKeys, shortcutValidInput, type ValidInputShortcut } from './valid-input-shortcut';
export { parseJsonRecord } from './parse-json-record';

export { DepthLimitedValidationPipe } from './depth-limited-validation.pipe';
export { validateRouteInput } from './validate-route-input';
export { parseJsonRecord } from './parse-json-record';

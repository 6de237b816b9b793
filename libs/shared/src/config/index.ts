export { Configuration } from './configuration';
export type { CrossFieldChecks, SettingsClass } from './configuration';
export { CoreSettings } from './core.settings';
export { InvalidConfigError } from './invalid-config.error';
export { loadConfiguration, retiredVariableWarnings } from './load-configuration';
export { readConfiguration } from './read-configuration';
export { BoolSetting, IntSetting, Secret } from './settings';
export { SettingsModule } from './settings.module';

export { Env, LOG_LEVELS } from './env';
export type { LogLevel } from './env';
export { EnvModule } from './env.module';
export { InvalidConfigError } from './invalid-config.error';
export { loadConfig } from './load-config';
export { loadEnv, retiredVariableWarnings } from './load-env';

export { Env, LOG_LEVELS } from './env';
export type { LogLevel } from './env';
export { InvalidConfigError } from './invalid-config.error';
export { loadEnv } from './load-env';
export { EnvModule } from './env.module';

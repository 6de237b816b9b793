// The one environment every bench tool starts the built service with: production mode, its
// own Redis key prefix and database, the client-facing rate limits off (the load generator is
// one client), no Swagger UI.
import { randomBytes } from 'node:crypto';
import { REDIS_URL } from './infra';

export const LIMITS_OFF: Record<string, string> = {
  RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
  RATE_LIMIT_MATCHES_PER_MINUTE: '0',
  RATE_LIMIT_WS_CONNECTS_PER_MINUTE: '0',
  RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '0',
};

export interface ServiceEnvOptions {
  prefix: string;
  databaseUrl: string;
  redisUrl?: string;
  logLevel?: string;
  /** The rate limits at their defaults instead of off. */
  limitsOn?: boolean;
  /** Where the profiler preload writes the CPU profile. */
  profilePath?: string;
  env?: Record<string, string>;
}

export function serviceEnv(options: ServiceEnvOptions): Record<string, string> {
  return {
    NODE_ENV: 'production',
    REDIS_URL: options.redisUrl ?? REDIS_URL,
    REDIS_KEY_PREFIX: options.prefix,
    DATABASE_URL: options.databaseUrl,
    ADMIN_API_KEY: randomBytes(24).toString('base64url'),
    LIMIT_KEY_SECRET: 'bench-limit-key-secret-not-for-production-0123',
    LOG_LEVEL: options.logLevel ?? 'warn',
    SWAGGER_UI: 'false',
    ...(options.limitsOn === true ? {} : LIMITS_OFF),
    ...(options.profilePath !== undefined ? { BENCH_PROFILE_PATH: options.profilePath } : {}),
    ...options.env,
  };
}

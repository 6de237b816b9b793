import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { withoutCredentials } from '../redis/redis-target';
import { Env } from './env';
import { InvalidConfigError } from './invalid-config.error';

type Source = Readonly<Record<string, string | undefined>>;

// Variables without a default, which `new Env()` does not list.
const OPTIONAL = [
  'REDIS_URL',
  'DATABASE_URL',
  'ALLOWED_ORIGINS',
  'ADMIN_API_KEY',
  'METRICS_TOKEN',
  'NUDGE_COOLDOWN_SECONDS',
];

const PRODUCTION_REQUIRED = ['REDIS_URL', 'DATABASE_URL', 'ADMIN_API_KEY', 'INTEREST_HASH_SECRET'] as const;

/**
 * Reads and validates the configuration. Empty strings count as unset, so `FOO=` in a
 * compose file behaves like leaving FOO out. Throws `InvalidConfigError` listing every
 * bad variable.
 */
export function loadEnv(source: Source = process.env): Env {
  const known = new Set([...Object.keys(new Env()), ...OPTIONAL]);
  const raw: Record<string, string> = {};
  for (const name of known) {
    const value = source[name];
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim();
  }
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const problems = validateSync(env, { forbidUnknownValues: false }).map(
    (error) =>
      `${error.property}: ${Object.values(error.constraints ?? {}).join(', ')} (got ${JSON.stringify(withoutCredentials(raw[error.property] ?? ''))})`,
  );
  if (env.NODE_ENV === 'production') {
    for (const name of PRODUCTION_REQUIRED) {
      if (raw[name] === undefined) problems.push(`${name}: is required when NODE_ENV=production`);
    }
  }
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return env;
}

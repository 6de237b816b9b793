import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Env } from './env';
import { InvalidConfigError } from './invalid-config.error';

type Source = Readonly<Record<string, string | undefined>>;

// Never echoed in a config error: keys, tokens, and URLs that may carry a password.
const SECRET = new Set([
  'ADMIN_API_KEY',
  'METRICS_TOKEN',
  'LIMIT_KEY_SECRET',
  'REDIS_URL',
  'DATABASE_URL',
  'PUSH_WEBPUSH_VAPID_PRIVATE_KEY',
]);

function shown(name: string, value = ''): string {
  return SECRET.has(name)
    ? `a secret of ${value.length} characters, not shown`
    : `got ${JSON.stringify(value)}`;
}

const PRODUCTION_REQUIRED = ['REDIS_URL', 'DATABASE_URL', 'ADMIN_API_KEY', 'LIMIT_KEY_SECRET'] as const;
const PRODUCTION_SECRETS = ['ADMIN_API_KEY', 'METRICS_TOKEN', 'LIMIT_KEY_SECRET'] as const;
const PRODUCTION_SECRET_LENGTH = 32;
const MAKE_ONE = 'make one with `openssl rand -base64 32`';

// A push provider is configured by all of its settings or none of them.
const PUSH_PROVIDER_SETTINGS = {
  webpush: ['PUSH_WEBPUSH_VAPID_PUBLIC_KEY', 'PUSH_WEBPUSH_VAPID_PRIVATE_KEY', 'PUSH_WEBPUSH_SUBJECT'],
  apns: ['PUSH_APNS_KEY_FILE', 'PUSH_APNS_KEY_ID', 'PUSH_APNS_TEAM_ID', 'PUSH_APNS_TOPIC'],
} as const;

function partialPushProviders(raw: Readonly<Record<string, string>>): string[] {
  return Object.entries(PUSH_PROVIDER_SETTINGS).flatMap(([provider, names]) => {
    const missing = names.filter((name) => raw[name] === undefined);
    return missing.length === 0 || missing.length === names.length
      ? []
      : missing.map((name) => `${name}: is required when any ${provider} push setting is set`);
  });
}

/** SPEC's production rules: every required variable set, no short secret. */
function productionProblems(raw: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const name of PRODUCTION_REQUIRED)
    if (raw[name] === undefined) problems.push(`${name}: is required when NODE_ENV=production`);
  for (const name of PRODUCTION_SECRETS) {
    const value = raw[name];
    if (value !== undefined && value.length < PRODUCTION_SECRET_LENGTH)
      problems.push(
        `${name}: must be at least ${PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production ` +
          `(${shown(name, value)}); ${MAKE_ONE}`,
      );
  }
  return problems;
}

/**
 * Reads and validates the configuration. Empty strings count as unset, so `FOO=` in a
 * compose file behaves like leaving FOO out. Throws `InvalidConfigError` listing every
 * bad variable.
 */
export function loadEnv(source: Source = process.env): Env {
  const known = Object.keys(new Env());
  const raw: Record<string, string> = {};
  for (const name of known) {
    const value = source[name];
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim();
  }
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const problems = validateSync(env, { forbidUnknownValues: false }).map(
    (error) =>
      `${error.property}: ${Object.values(error.constraints ?? {}).join(', ')} (${shown(error.property, raw[error.property])})`,
  );
  problems.push(...partialPushProviders(raw));
  if (env.PUSH_RECLAIM_AFTER_MS <= env.PUSH_SEND_TIMEOUT_MS)
    problems.push(
      `PUSH_RECLAIM_AFTER_MS: must be longer than PUSH_SEND_TIMEOUT_MS (${env.PUSH_SEND_TIMEOUT_MS}), or a slow push is sent twice`,
    );
  if (env.NODE_ENV === 'production') problems.push(...productionProblems(raw));
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return env;
}

/**
 * Variables a deployment may still set that the service no longer reads, each with one line
 * saying so (printed at boot, never with the value).
 */
export function retiredVariableWarnings(source: Source = process.env): string[] {
  const set = (name: string): boolean => (source[name] ?? '').trim() !== '';
  if (!set('INTEREST_HASH_SECRET')) return [];
  return [
    'INTEREST_HASH_SECRET is no longer used (interests are reduced to categories and never hashed)' +
      (set('LIMIT_KEY_SECRET')
        ? '; remove it'
        : '; rename it to LIMIT_KEY_SECRET, which keys the rate-limit keys of client IPs'),
  ];
}

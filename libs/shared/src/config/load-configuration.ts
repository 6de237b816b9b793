import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Configuration, CrossFieldChecks, SettingsClass } from './configuration';
import { CoreSettings } from './core.settings';
import { InvalidConfigError } from './invalid-config.error';
import { isSecretSetting } from './settings';

type Source = Readonly<Record<string, string | undefined>>;
type Raw = Readonly<Record<string, string>>;

// Never echoed in a config error: a setting marked @Secret() (keys, tokens, URLs that may carry a password).
function shown(slice: SettingsClass, name: string, value = ''): string {
  return isSecretSetting(slice, name)
    ? `a secret of ${value.length} characters, not shown`
    : `got ${JSON.stringify(value)}`;
}

const PRODUCTION_REQUIRED = ['REDIS_URL', 'DATABASE_URL', 'ADMIN_API_KEY', 'LIMIT_KEY_SECRET'] as const;
const PRODUCTION_SECRETS = ['ADMIN_API_KEY', 'METRICS_TOKEN', 'LIMIT_KEY_SECRET'] as const;
const PRODUCTION_SECRET_LENGTH = 32;
const MAKE_ONE = 'make one with `openssl rand -base64 32`';

/** SPEC's production rules: every required variable set, no short secret. */
function productionProblems(raw: Raw): string[] {
  const problems: string[] = [];
  for (const name of PRODUCTION_REQUIRED)
    if (raw[name] === undefined) problems.push(`${name}: is required when NODE_ENV=production`);
  for (const name of PRODUCTION_SECRETS) {
    const value = raw[name];
    if (value !== undefined && value.length < PRODUCTION_SECRET_LENGTH)
      problems.push(
        `${name}: must be at least ${PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production ` +
          `(${shown(CoreSettings, name, value)}); ${MAKE_ONE}`,
      );
  }
  return problems;
}

/** The variables `slice` reads that `source` sets; empty strings count as unset. */
function rawValues(slice: SettingsClass, source: Source): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(new slice())) {
    const value = source[name];
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim();
  }
  return raw;
}

function validated(slice: SettingsClass, raw: Raw): { settings: object; problems: string[] } {
  const settings = plainToInstance(slice, raw, { exposeDefaultValues: true });
  const problems = validateSync(settings, { forbidUnknownValues: false }).map(
    (error) =>
      `${error.property}: ${Object.values(error.constraints ?? {}).join(', ')} (${shown(slice, error.property, raw[error.property])})`,
  );
  return { settings, problems };
}

function hasCrossFieldChecks(settings: object): settings is CrossFieldChecks {
  return typeof (settings as Partial<CrossFieldChecks>).crossFieldProblems === 'function';
}

/** Two settings classes reading one variable is a wiring mistake: each variable has one owner. */
function assertOneOwnerPerVariable(slices: readonly SettingsClass[]): void {
  const owners = new Map<string, string>();
  for (const slice of slices)
    for (const name of Object.keys(new slice())) {
      const owner = owners.get(name);
      if (owner !== undefined) throw new Error(`${name} is declared by both ${owner} and ${slice.name}`);
      owners.set(name, slice.name);
    }
}

/**
 * Reads and validates the configuration: `CoreSettings` and each lib's settings class in
 * `slices`. Empty strings count as unset, so `FOO=` in a compose file behaves like leaving FOO
 * out. Throws `InvalidConfigError` listing every bad variable of every class at once.
 */
export function loadConfiguration(
  slices: readonly SettingsClass[],
  source: Source = process.env,
): Configuration {
  const classes = [CoreSettings, ...slices.filter((slice) => slice !== CoreSettings)];
  assertOneOwnerPerVariable(classes);
  const loaded = new Map<SettingsClass, object>();
  const problems: string[] = [];
  for (const slice of classes) {
    const { settings, problems: found } = validated(slice, rawValues(slice, source));
    loaded.set(slice, settings);
    problems.push(...found);
  }
  for (const settings of loaded.values())
    if (hasCrossFieldChecks(settings)) problems.push(...settings.crossFieldProblems());
  const configuration = new Configuration(loaded);
  if (configuration.core.NODE_ENV === 'production')
    problems.push(...productionProblems(rawValues(CoreSettings, source)));
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return configuration;
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

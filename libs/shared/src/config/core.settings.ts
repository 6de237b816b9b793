import {
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MinLength,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { InvalidRedisUrlError, parseRedisUrl, REDIS_URL_FORMS } from '../redis/redis-target';
import { IntSetting, Secret } from './settings';

/** LIMIT_KEY_SECRET when none is set outside production: drawn once per process, shared with nobody. */
const PROCESS_LIMIT_KEY_SECRET = randomBytes(32).toString('base64url');

@ValidatorConstraint({ name: 'redisUrl' })
class IsRedisUrl implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return redisUrlProblem(value) === undefined;
  }
  defaultMessage(args: ValidationArguments): string {
    return `must be ${REDIS_URL_FORMS} (${redisUrlProblem(args.value) ?? 'invalid'})`;
  }
}

function redisUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'not a string';
  try {
    parseRedisUrl(value);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidRedisUrlError) return error.message;
    throw error;
  }
}

/**
 * The settings of the service as a whole, which every lib may read: the mode, where state lives,
 * the secrets and how long a request may take. Each lib declares its own settings beside its
 * code (`SessionSettings`, `MatchSettings`, …); `loadConfiguration` validates them all at once.
 * Every field is documented in `.env.example` and the README. Optional fields are initialised
 * to `undefined` so that `new CoreSettings()` lists every variable it reads.
 */
export class CoreSettings {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** One server, a Sentinel group or a Cluster; see `parseRedisUrl`. */
  @IsOptional()
  @Validate(IsRedisUrl)
  @Secret()
  REDIS_URL?: string = undefined;

  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share a server. */
  @Matches(/^[A-Za-z0-9_.-]{1,32}:$/, {
    message: 'must be 1-32 characters of A-Z a-z 0-9 _ . - ending in ":"',
  })
  REDIS_KEY_PREFIX = 'sighej:';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  @Secret()
  DATABASE_URL?: string = undefined;

  /** Where the embedded Postgres keeps its files when DATABASE_URL is unset. */
  @IsString()
  @MinLength(1)
  EMBEDDED_DATA_DIR = './data';

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @Secret()
  ADMIN_API_KEY?: string = undefined;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @Secret()
  METRICS_TOKEN?: string = undefined;

  /**
   * Keys the HMAC that turns client IPs into rate-limit keys; required in production, drawn at
   * random per process when unset elsewhere (see `limitKeySecret`).
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @Secret()
  LIMIT_KEY_SECRET?: string = undefined;

  /** A request not answered within this time gets 503, so a hung dependency cannot pile up requests. */
  @IntSetting({ min: 1000, max: 120_000 })
  REQUEST_TIMEOUT_MS = 10_000;

  /** The configured LIMIT_KEY_SECRET, or this process's own random one. */
  get limitKeySecret(): string {
    return this.LIMIT_KEY_SECRET ?? PROCESS_LIMIT_KEY_SECRET;
  }

  /** Whether LIMIT_KEY_SECRET was drawn for this process (unset): no other instance can share it. */
  get limitKeySecretDrawn(): boolean {
    return this.LIMIT_KEY_SECRET === undefined;
  }
}

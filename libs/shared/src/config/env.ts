import {
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { InvalidRedisUrlError, parseRedisUrl, REDIS_URL_FORMS } from '../redis/redis-target';
import { BoolSetting, IntSetting } from './settings';

@ValidatorConstraint({ name: 'timeZone' })
class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      new Intl.DateTimeFormat('en-CA', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'must be an IANA time zone such as UTC or Europe/Stockholm';
  }
}

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

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The validated configuration. Every field is documented in `.env.example` and the README;
 * `loadEnv` is the only reader of `process.env`. Optional fields are initialised to
 * `undefined` so that `new Env()` lists every variable the service reads.
 */
export class Env {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IntSetting({ min: 0, max: 65535 })
  PORT = 8000;

  /** One server, a Sentinel group or a Cluster; see `parseRedisUrl`. */
  @IsOptional()
  @Validate(IsRedisUrl)
  REDIS_URL?: string = undefined;

  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share a server. */
  @Matches(/^[A-Za-z0-9_.-]{1,32}:$/, {
    message: 'must be 1-32 characters of A-Z a-z 0-9 _ . - ending in ":"',
  })
  REDIS_KEY_PREFIX = 'sighej:';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string = undefined;

  /** Where the embedded Postgres keeps its files when DATABASE_URL is unset. */
  @IsString()
  @MinLength(1)
  EMBEDDED_DATA_DIR = './data';

  @IntSetting({ min: 1, max: 86_400 })
  SESSION_TTL_SECONDS = 7200;

  @IsOptional()
  @Matches(/^\s*https?:\/\/[^,\s]+(\s*,\s*https?:\/\/[^,\s]+)*\s*$/, {
    message: 'must be a comma-separated list of http(s) origins',
  })
  ALLOWED_ORIGINS?: string = undefined;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  ADMIN_API_KEY?: string = undefined;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  METRICS_TOKEN?: string = undefined;

  /**
   * Keys the HMAC that turns client IPs into rate-limit keys; required in production, drawn at
   * random per process when unset elsewhere (see `limitKeySecret`).
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  LIMIT_KEY_SECRET?: string = undefined;

  /** How long a meeting stays met (nudged once); defaults to SESSION_TTL_SECONDS. */
  @IntSetting({ min: 1, max: 7 * 86_400, optional: true })
  NUDGE_COOLDOWN_SECONDS?: number = undefined;

  @IntSetting({ min: 1, max: 20 })
  MATCH_MIN_SHARED = 1;

  /** How long a sighting waits for the other phone's: only a mutual sighting makes a meeting. */
  @IntSetting({ min: 1, max: 86_400 })
  MATCH_MUTUAL_WINDOW_SECONDS = 120;

  /**
   * Nudged meetings a token epoch may take part in within any sliding MATCH_MEETING_WINDOW_SECONDS;
   * `0` = no budget (load tests).
   */
  @IntSetting({ min: 0 })
  MATCH_NEW_MEETINGS_PER_WINDOW = 20;

  @IntSetting({ min: 1, max: 86_400 })
  MATCH_MEETING_WINDOW_SECONDS = 900;

  /** Unacknowledged nudges kept per session; the oldest is dropped past this. */
  @IntSetting({ min: 1, max: 10_000 })
  NUDGE_PENDING_MAX = 50;

  /** A pending nudge older than this is stale and dropped. */
  @IntSetting({ min: 1, max: 86_400 })
  NUDGE_MAX_AGE_SECONDS = 900;

  @Validate(IsTimeZone)
  STATS_TIMEZONE = 'UTC';

  @IntSetting({ min: 1 })
  STATS_MIN_CATEGORY_COUNT = 11;

  @IntSetting({ min: 50, max: 60_000 })
  STATS_FLUSH_INTERVAL_MS = 1000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IntSetting({ min: 0 })
  RATE_LIMIT_SESSIONS_PER_MINUTE = 30;

  @IntSetting({ min: 0 })
  RATE_LIMIT_MATCHES_PER_MINUTE = 120;

  @IntSetting({ min: 0 })
  RATE_LIMIT_WS_CONNECTS_PER_MINUTE = 30;

  @IntSetting({ min: 0 })
  RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE = 10;

  /** Token rotations per session per hour (a sliding count of one hour, whatever RATE_LIMIT_WINDOW_SECONDS). */
  @IntSetting({ min: 0 })
  RATE_LIMIT_ROTATIONS_PER_HOUR = 20;

  /** Length of every rate-limit window; the limits above are "per minute" at the default 60. */
  @IntSetting({ min: 1, max: 3600 })
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** A request not answered within this time gets 503, so a hung dependency cannot pile up requests. */
  @IntSetting({ min: 1000, max: 120_000 })
  REQUEST_TIMEOUT_MS = 10_000;

  /**
   * On SIGTERM: how long readiness is 503 while requests are still answered (each with
   * `Connection: close`) before the listener closes; longer than the balancer's health-check
   * interval times its unhealthy threshold.
   */
  @IntSetting({ min: 0, max: 120_000 })
  SHUTDOWN_GRACE_MS = 5000;

  /** Express `trust proxy`: `false`, `true`, a hop count or a list of addresses/subnets. */
  @IsString()
  @MaxLength(200)
  TRUST_PROXY = 'false';

  @IntSetting({ min: 1000, max: 300_000 })
  WS_PING_INTERVAL_MS = 30_000;

  @BoolSetting()
  SWAGGER_UI = true;

  /** Open TCP connections (HTTP keep-alive and WebSockets) this instance accepts; `0` = no cap. */
  @IntSetting({ min: 0, max: 10_000_000 })
  MAX_CONNECTIONS = 20_000;
  /** Web Push (RFC 8292 VAPID): the application server's P-256 key pair, base64url. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{87}$/, { message: 'must be a 65-byte uncompressed P-256 public key, base64url' })
  PUSH_WEBPUSH_VAPID_PUBLIC_KEY?: string = undefined;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'must be a 32-byte P-256 private key, base64url' })
  PUSH_WEBPUSH_VAPID_PRIVATE_KEY?: string = undefined;

  /** Who the push services can contact about this sender: `mailto:` or `https:`. */
  @IsOptional()
  @Matches(/^(mailto:\S+@\S+|https:\/\/\S+)$/, { message: 'must be a mailto: or https: URL' })
  PUSH_WEBPUSH_SUBJECT?: string = undefined;

  /**
   * Web Push endpoints on loopback or private addresses, and over http:, are accepted: for
   * tests and staging. Defaults to true outside production, false in production.
   */
  @BoolSetting({ optional: true })
  PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS?: boolean = undefined;

  /** APNs token-based authentication: the .p8 signing key, its key id, the team and the app's bundle id. */
  @IsOptional()
  @IsString()
  PUSH_APNS_KEY_FILE?: string = undefined;

  @IsOptional()
  @Matches(/^[A-Z0-9]{10}$/, { message: 'must be the 10-character key id Apple shows for the key' })
  PUSH_APNS_KEY_ID?: string = undefined;

  @IsOptional()
  @Matches(/^[A-Z0-9]{10}$/, { message: 'must be the 10-character Apple team id' })
  PUSH_APNS_TEAM_ID?: string = undefined;

  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]{1,155}$/, { message: "must be the app's bundle id, e.g. org.sighej.app" })
  PUSH_APNS_TOPIC?: string = undefined;

  /** Apple's production host; `https://api.sandbox.push.apple.com` for development builds. */
  @Matches(/^https:\/\/[^/\s]+$/, { message: 'must be an https:// origin without a path' })
  PUSH_APNS_URL = 'https://api.push.apple.com';

  /** FCM HTTP v1: the Google service account's JSON key file (project_id, client_email, private_key). */
  @IsOptional()
  @IsString()
  PUSH_FCM_SERVICE_ACCOUNT_FILE?: string = undefined;

  @Matches(/^https?:\/\/[^/\s]+$/, { message: 'must be an http(s):// origin without a path' })
  PUSH_FCM_URL = 'https://fcm.googleapis.com';

  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s):// URL' })
  PUSH_FCM_TOKEN_URL = 'https://oauth2.googleapis.com/token';

  /** A nudge a socket has not acked this long after it was queued is pushed. */
  @IntSetting({ min: 0, max: 600_000 })
  PUSH_AFTER_MS = 2000;

  /** A push provider that has not answered within this time is given up on for this try (retried later). */
  @IntSetting({ min: 100, max: 60_000 })
  PUSH_SEND_TIMEOUT_MS = 10_000;

  /**
   * A push job an instance took and has not finished after this time (the instance died) is
   * taken over by another. Longer than PUSH_SEND_TIMEOUT_MS, so a slow send is never doubled.
   */
  @IntSetting({ min: 1000, max: 600_000 })
  PUSH_RECLAIM_AFTER_MS = 30_000;

  /**
   * A PEM file of extra certificate authorities to trust for the push providers' hosts
   * (a staging or test provider with its own CA); the system's CAs are trusted either way.
   */
  @IsOptional()
  @IsString()
  PUSH_TLS_CA_FILE?: string = undefined;

  /** Serve the operator's admin page at /admin (it calls /stats with the key the admin types in). */
  @BoolSetting()
  ADMIN_PAGE = true;

  /** The configured LIMIT_KEY_SECRET, or this process's own random one. */
  get limitKeySecret(): string {
    return this.LIMIT_KEY_SECRET ?? PROCESS_LIMIT_KEY_SECRET;
  }

  /** Whether LIMIT_KEY_SECRET was drawn for this process (unset): no other instance can share it. */
  get limitKeySecretDrawn(): boolean {
    return this.LIMIT_KEY_SECRET === undefined;
  }

  get nudgeCooldownSeconds(): number {
    return this.NUDGE_COOLDOWN_SECONDS ?? this.SESSION_TTL_SECONDS;
  }

  get pushAllowsPrivateEndpoints(): boolean {
    return this.PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS ?? this.NODE_ENV !== 'production';
  }

  get allowedOrigins(): string[] {
    return (this.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0);
  }
}

import { BoolSetting, IntSetting } from '@sighej/shared';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The HTTP server around the libs: where it listens, whom it trusts, what it serves, how it stops and logs. */
export class ServerSettings {
  @IntSetting({ min: 0, max: 65535 })
  PORT = 8000;

  @IsOptional()
  @Matches(/^\s*https?:\/\/[^,\s]+(\s*,\s*https?:\/\/[^,\s]+)*\s*$/, {
    message: 'must be a comma-separated list of http(s) origins',
  })
  ALLOWED_ORIGINS?: string = undefined;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

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

  @BoolSetting()
  SWAGGER_UI = true;

  /** Open TCP connections (HTTP keep-alive and WebSockets) this instance accepts; `0` = no cap. */
  @IntSetting({ min: 0, max: 10_000_000 })
  MAX_CONNECTIONS = 20_000;

  /** Serve the operator's admin page at /admin (it calls /stats with the key the admin types in). */
  @BoolSetting()
  ADMIN_PAGE = true;

  /** ALLOWED_ORIGINS as a list (empty: no CORS). */
  get allowedOrigins(): string[] {
    return (this.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0);
  }
}

import type { Response } from 'express';
import type { Level, Logger } from 'pino';

/** The reason DomainErrorFilter gave a 503 (Express `res.locals`), so its one line says why. */
function failureOf(response: Response): string | undefined {
  const failure = (response.locals as { failure?: unknown } | undefined)?.failure;
  return typeof failure === 'string' ? failure : undefined;
}

/** Liveness probes would be most of the lines and say nothing. */
const NOT_LOGGED = '/health/live';

/** What the line of one answered (or aborted) request says about it. */
export interface RequestLine {
  id: string;
  route: string;
  durationMs: number;
}

/**
 * One JSON line per answered request, written when the response is done (`HttpRequestHooks`
 * calls `closed`): request id, method, route template, status and duration. Never the raw URL
 * (paths and query strings can hold BLE tokens), headers or bodies (bodies hold raw interests).
 *
 * Instead of pino-http: no child logger and no async context per request; the request's own
 * fields are all the line needs. 5xx and aborted requests log as `error`, 4xx and 503 (with
 * the reason the error filter left) as `warn`, the rest as `info`, so LOG_LEVEL=warn keeps only
 * the problems, each once.
 */
export class RequestLog {
  constructor(readonly logger: Logger) {}

  /** False when even `error` lines are off: then nothing per request is worth keeping for it. */
  get enabled(): boolean {
    return this.logger.isLevelEnabled('error');
  }

  closed(response: Response, { id, route, durationMs }: RequestLine): void {
    const request = response.req;
    if (request.url === NOT_LOGGED) return;
    const aborted = !response.writableFinished;
    const statusCode = response.statusCode;
    // A 503 is an expected outage answer (a dependency is down): one warn line with its reason.
    const unavailable = statusCode === 503 && !aborted;
    const level: Level =
      unavailable || (statusCode >= 400 && statusCode < 500)
        ? 'warn'
        : aborted || statusCode >= 500
          ? 'error'
          : 'info';
    if (!this.logger.isLevelEnabled(level)) return;
    this.logger[level](
      {
        req: { id, method: request.method, route },
        res: { statusCode },
        responseTime: Math.round(durationMs),
      },
      aborted
        ? 'request aborted'
        : unavailable
          ? `unavailable: ${failureOf(response) ?? 'a dependency is down'}`
          : 'request completed',
    );
  }
}

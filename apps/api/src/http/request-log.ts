import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Level, Logger } from 'pino';
import { routeTemplate } from './route-template';

const REQUEST_ID = /^[\w.-]{1,64}$/;
const ID = Symbol('requestId');
const STARTED = Symbol('requestStarted');
type LoggedResponse = Response & { [ID]: string; [STARTED]: number };

/** The reason DomainErrorFilter gave a 503 (Express `res.locals`), so its one line says why. */
function failureOf(response: Response): string | undefined {
  const failure = (response.locals as { failure?: unknown } | undefined)?.failure;
  return typeof failure === 'string' ? failure : undefined;
}

/** Liveness probes would be most of the lines and say nothing. */
const NOT_LOGGED = '/health/live';

/**
 * One JSON line per answered request, written when the response is done: request id (taken
 * from `X-Request-Id` when a proxy set a well-formed one, echoed back either way), method,
 * route template, status and duration. Never the raw URL (paths and query strings can hold
 * BLE tokens), headers or bodies (bodies hold raw interests).
 *
 * Instead of pino-http: no child logger and no async context per request; the request's own
 * fields are all the line needs. 5xx and aborted requests log as `error`, 4xx and 503 (with
 * the reason the error filter left) as `warn`, the rest as `info`, so LOG_LEVEL=warn keeps only
 * the problems, each once.
 */
export class RequestLog {
  constructor(readonly logger: Logger) {}

  middleware(): RequestHandler {
    const logger = this.logger;
    const logging = logger.isLevelEnabled('error');
    function closed(this: LoggedResponse): void {
      const request = this.req;
      if (request.url === NOT_LOGGED) return;
      const aborted = !this.writableFinished;
      const statusCode = this.statusCode;
      // A 503 is an expected outage answer (a dependency is down): one warn line with its reason.
      const unavailable = statusCode === 503 && !aborted;
      const level: Level =
        unavailable || (statusCode >= 400 && statusCode < 500)
          ? 'warn'
          : aborted || statusCode >= 500
            ? 'error'
            : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          req: { id: this[ID], method: request.method, route: routeTemplate(request) },
          res: { statusCode },
          responseTime: Math.round(performance.now() - this[STARTED]),
        },
        aborted
          ? 'request aborted'
          : unavailable
            ? `unavailable: ${failureOf(this) ?? 'a dependency is down'}`
            : 'request completed',
      );
    }
    return (request: Request, response: Response, next: NextFunction): void => {
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      response.setHeader('X-Request-Id', id);
      if (logging) {
        const logged = response as LoggedResponse;
        logged[ID] = id;
        logged[STARTED] = performance.now();
        // `on`, not `once` (which wraps the listener in a new closure per request): 'close' fires once.
        response.on('close', closed);
      }
      next();
    };
  }
}

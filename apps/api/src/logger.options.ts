import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Env } from '@sighej/shared';
import { routeTemplate } from './http/route-template';

/**
 * One JSON line per request with a request id (taken from `X-Request-Id` when a proxy set
 * one) and the route as a template (`/session/:ble_token`): no BLE token, query string
 * (`?access_token=` in any spelling), Authorization header or body is ever logged; bodies
 * hold raw interests.
 */
export function loggerOptions(env: Env): Params {
  return {
    pinoHttp: {
      level: env.LOG_LEVEL,
      genReqId: (req: IncomingMessage, res: ServerResponse): string => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        // No URL at all: the route template is added when the response is done (below).
        req: (req: { id: string; method: string }) => ({ id: req.id, method: req.method }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
      // Express knows the route only once it matched, so the template joins the finishing line.
      customSuccessObject: (req: IncomingMessage, _res: ServerResponse, line: object) => ({
        ...line,
        route: routeTemplate(req),
      }),
      customErrorObject: (req: IncomingMessage, _res: ServerResponse, _error: Error, line: object) => ({
        ...line,
        route: routeTemplate(req),
      }),
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' },
      customLogLevel: (_req, res, error) =>
        error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    },
  };
}

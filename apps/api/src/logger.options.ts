import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Env } from '@sighej/shared';

/** Query parameters that carry secrets are never logged. */
function withoutSecrets(url: string | undefined): string | undefined {
  return url?.replace(/([?&]access_token=)[^&]*/gi, '$1[redacted]');
}

/** The reason DomainErrorFilter gave a 503 (Express `res.locals`). */
function failureOf(res: ServerResponse): string | undefined {
  const failure = (res as { locals?: { failure?: unknown } }).locals?.failure;
  return typeof failure === 'string' ? failure : undefined;
}

/**
 * One JSON line per request with a request id (taken from `X-Request-Id` when a proxy set
 * one). Authorization headers and bodies are never logged: bodies hold raw interests.
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
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: withoutSecrets(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' },
      customLogLevel: (_req, res, error) =>
        res.statusCode === 503
          ? 'warn'
          : error !== undefined || res.statusCode >= 500
            ? 'error'
            : res.statusCode >= 400
              ? 'warn'
              : 'info',
      // A 503 is an expected outage answer: one warn line with its reason, no stack trace.
      customErrorMessage: (_req, res, error) =>
        res.statusCode === 503 ? `unavailable: ${failureOf(res) ?? error.message}` : 'request errored',
      customErrorObject: (_req, res, _error, line: Record<string, unknown>) =>
        res.statusCode === 503 ? { ...line, err: undefined } : line,
    },
  };
}

import type { Params } from 'nestjs-pino';
import pino, { type Logger } from 'pino';
import type { ServerSettings } from './config/server.settings';

/**
 * The service's one pino logger: Nest's own logs and the request lines both go through it.
 * Lines are written synchronously: the process ends by SIGTERM right after the shutdown
 * sequence, with no 'exit' event for an asynchronous stream to flush on, and its last lines
 * (what was flushed, spooled or lost) are the ones an operator needs. One write per line
 * costs what `npm run bench`'s logging A/B shows.
 */
export function rootLogger(settings: ServerSettings): Logger {
  return pino({ level: settings.LOG_LEVEL }, pino.destination({ dest: 1, sync: true }));
}

/**
 * nestjs-pino carries Nest's logs (`app.useLogger`) into `logger`. Its per-request middleware
 * (a pino-http child logger and an AsyncLocalStorage context per request) is mounted on no
 * route: the request lines come from `RequestLog`, at a fraction of the cost.
 */
export function loggerOptions(logger: Logger): Params {
  return { pinoHttp: { logger }, forRoutes: [] };
}

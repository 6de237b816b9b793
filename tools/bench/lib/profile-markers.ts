// Functions whose inclusive time (with everything they call) the /match profile lists.
import type { CallFrame, ProfileMarker } from './profile';

const inNodeModule = (name: string) => (frame: CallFrame) => frame.url.includes(`node_modules/${name}/`);

/** Functions whose inclusive time (with everything they call) the report lists. */
export const PROFILE_MARKERS: ProfileMarker[] = [
  {
    label: 'ValidationPipe.transform (class-transformer + class-validator)',
    test: (f) => f.functionName === 'transform' && f.url.includes('validation.pipe'),
  },
  {
    label: 'pino-http per-request setup (request id, child logger, listeners)',
    test: (f) => f.functionName === 'loggingMiddleware' && f.url.includes('pino-http'),
  },
  {
    label: 'pino-http response line (onResFinished; filtered out below LOG_LEVEL)',
    test: (f) => f.functionName === 'onResFinished' && f.url.includes('pino-http'),
  },
  { label: 'nestjs-pino middleware (AsyncLocalStorage request context)', test: inNodeModule('nestjs-pino') },
  {
    label: 'async_hooks promise hooks (enabled by AsyncLocalStorage)',
    test: (f) => f.url.startsWith('node:internal/async_hooks') || f.url.includes('async_local_storage'),
  },
  { label: 'ioredis (all calls into the client)', test: inNodeModule('ioredis') },
  {
    label: 'body-parser json (read + JSON.parse the body)',
    test: (f) => f.url.includes('body-parser/lib/types/json'),
  },
  {
    label: 'SigHej libs (match, session, nudge: services and stores)',
    test: (f) => f.url.includes('/apps/api/libs/'),
  },
  {
    label: 'Nest RouterExecutionContext (guards, pipes, handler, reply)',
    test: (f) => f.url.includes('router-execution-context'),
  },
  {
    label: 'Express res.json / res.send (serialise, headers, write)',
    test: (f) => f.url.includes('express/lib/response.js'),
  },
  { label: 'helmet (security headers)', test: inNodeModule('helmet') },
  {
    label: 'RequestLog (request id, one line at close)',
    test: (f) => f.url.endsWith('/http/request-log.js'),
  },
  { label: 'security headers (precomputed)', test: (f) => f.url.endsWith('/http/security-headers.js') },
  {
    label: 'request timer (setTimeout per request)',
    test: (f) => f.url.endsWith('/http/request-timeout.js'),
  },
  {
    label: 'JSON answer written directly (JsonReplyExpressAdapter.reply)',
    test: (f) => f.functionName === 'reply' && f.url.endsWith('/http/json-reply-express-adapter.js'),
  },
  {
    label: 'HTTP metrics (prom-client counter + histogram)',
    test: (f) => f.url.endsWith('/metrics/http-request-metrics.js'),
  },
  { label: 'garbage collector', test: (f) => f.functionName === '(garbage collector)' },
];

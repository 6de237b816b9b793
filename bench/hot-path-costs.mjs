// What each per-request piece of the service's HTTP layer costs, before and after the
// changes of issue 13, measured in process (µs per request, best of 5 runs): the figures an
// end-to-end A/B on a shared 2-core machine cannot resolve (its noise is ±5–10 %).
//
//   npm run build && node bench/hot-path-costs.mjs
//
// Each case builds a fresh IncomingMessage/ServerResponse pair per iteration and runs the
// piece on it; the "baseline" case (the pair alone) is subtracted from every other.
import { createRequire } from 'node:module';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(ROOT, 'package.json'));
const BUILD = resolve(ROOT, process.env.COSTS_DIST ?? 'dist');
const DIST = join(BUILD, 'apps/api/apps/api/src');
const LIBS = join(BUILD, 'apps/api/libs');
const helmet = require('helmet').default;
const pino = require('pino');
const { pinoHttp } = require('pino-http');
const { storage, Store } = require('nestjs-pino/storage');
const express = require('express');
const { Counter, Histogram, Registry } = require('prom-client');
const { securityHeaders } = require(join(DIST, 'http/security-headers.js'));
const { RequestLog } = require(join(DIST, 'http/request-log.js'));
const { DepthLimitedValidationPipe } = require(
  join(LIBS, 'shared/src/validation/depth-limited-validation.pipe.js'),
);
const { unsafeInput } = require(join(LIBS, 'shared/src/validation/unsafe-input.js'));
const { MatchRequestDto } = require(join(LIBS, 'match/src/dto/match-request.dto.js'));
const { CreateSessionDto } = require(join(LIBS, 'session/src/dto/create-session.dto.js'));
const { MatchController } = require(join(LIBS, 'match/src/match.controller.js'));
const { validateRouteInput } = require(join(LIBS, 'shared/src/validation/validate-route-input.js'));

const ITERATIONS = Number(process.env.COSTS_ITERATIONS ?? 20_000);
const socket = new Socket();
const app = express();
app.disable('x-powered-by');
const ANSWER = { match: true, shared_interests: ['music', 'tech'], nudge_sent: false };

function pair(withExpress = false) {
  const req = new IncomingMessage(socket);
  req.method = 'POST';
  req.url = '/match';
  req.headers = { 'content-type': 'application/json', authorization: 'Bearer x', host: '127.0.0.1' };
  req.route = { path: '/match' };
  const res = new ServerResponse(req);
  // No socket: the response counts as finished once ended.
  Object.defineProperty(res, 'writableFinished', { value: true });
  if (withExpress) {
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    req.app = res.app = app;
    req.res = res;
    res.req = req;
  }
  return { req, res };
}

const next = () => {};
const devNull = pino.destination({ dest: '/dev/null', sync: true });

const oldLogger = (level) => {
  // The previous configuration (nestjs-pino's middlewares with the old loggerOptions).
  const middleware = pinoHttp(
    {
      level,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
      autoLogging: { ignore: (req) => req.url === '/health/live' },
      customLogLevel: (_req, res, error) =>
        error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    },
    devNull,
  );
  return (req, res) => {
    middleware(req, res, () => storage.run(new Store(req.allLogs.at(-1)), next));
    res.emit('finish');
    res.emit('close');
  };
};
const newLogger = (level) => {
  const middleware = new RequestLog(pino({ level }, devNull)).middleware();
  return (req, res) => {
    middleware(req, res, next);
    res.emit('finish');
    res.emit('close');
  };
};

const helmetPerRequest = helmet({
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  crossOriginResourcePolicy: { policy: 'same-origin' },
});
const precomputed = securityHeaders();

function promClient() {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'];
  const counter = new Counter({ name: 'c', help: 'c', labelNames, registers: [registry] });
  const histogram = new Histogram({
    name: 'h',
    help: 'h',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (req, res) => {
    const labels = { method: req.method, route: req.route.path, status: res.statusCode };
    counter.inc(labels);
    histogram.observe(labels, 0.0021);
  };
}

const directJson = (res, body, status) => {
  res.statusCode = status;
  const json = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
};

const cases = [
  ['baseline (request/response pair)', false, () => {}],
  ['security headers: helmet per request', false, (req, res) => helmetPerRequest(req, res, next)],
  ['security headers: precomputed', false, (req, res) => precomputed(req, res, next)],
  ['request log, LOG_LEVEL=warn: nestjs-pino (pino-http + AsyncLocalStorage)', false, oldLogger('warn')],
  ['request log, LOG_LEVEL=warn: RequestLog', false, newLogger('warn')],
  ['request log, LOG_LEVEL=info: nestjs-pino (pino-http + AsyncLocalStorage)', false, oldLogger('info')],
  ['request log, LOG_LEVEL=info: RequestLog', false, newLogger('info')],
  ['answer: Express res.status().json()', true, (_req, res) => res.status(200).json(ANSWER)],
  ['answer: direct JSON write', true, (_req, res) => directJson(res, ANSWER, 200)],
  ["HTTP metrics: prom-client's Counter.inc + Histogram.observe", false, promClient()],
];

function run(withExpress, piece) {
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) {
    const { req, res } = pair(withExpress);
    piece(req, res);
  }
  return ((performance.now() - started) * 1000) / ITERATIONS;
}

// Rounds over all cases, each case's figure the median over rounds of (case − same-round
// baseline of its kind): a GC or a neighbour's burst lands in one round, not in one case.
const ROUNDS = Number(process.env.COSTS_ROUNDS ?? 9);
for (const [, withExpress, piece] of cases) run(withExpress, piece); // warm-up
const samples = cases.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  const baseline = { false: run(false, () => {}), true: run(true, () => {}) };
  cases.forEach(([, withExpress, piece], i) =>
    samples[i].push(run(withExpress, piece) - baseline[withExpress]),
  );
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
cases.slice(1).forEach(([name], i) => {
  console.log(
    `${median(samples[i + 1])
      .toFixed(2)
      .padStart(6)} µs  ${name}`,
  );
});

// The validation of one request body (awaited, as the pipe is async), from the body parser's
// JSON text: the global pipe on the /match and POST /session bodies (each DTO with its
// shortcut for valid input, when the build has one, and the same decorators validated in
// full), the unsafe-input walk of a POST /session body, and SessionGuard's validation.
class FullyValidated extends MatchRequestDto {}
class SessionFullyValidated extends CreateSessionDto {}
const pipe = new DepthLimitedValidationPipe();
const MATCH_BODY = JSON.stringify({
  own_token: 'q8Yb0XcT2nLrV5wKd3Hs1A',
  detected_token: 'Zr4mP9eJx7TqW2bNc6Ug0F',
});
const SESSION_BODY = JSON.stringify({ interests: ['devops', 'hardstyle', 'philosophy', 'chess', 'jazz'] });
/** The pipe on a body as its DTO is declared (with its shortcut, if any) and validated in full. */
const pipeCases = (route, text, declared, full) =>
  [
    [declared, 'the DTO as declared'],
    [full, 'validated in full'],
  ].map(([metatype, how]) => [
    `${route} body: ValidationPipe, ${how}`,
    text,
    (body) => pipe.transform(body, { type: 'body', metatype }),
  ]);
const validation = [
  ['baseline (JSON.parse of the body)', MATCH_BODY, async () => {}],
  ...pipeCases('/match', MATCH_BODY, MatchRequestDto, FullyValidated),
  ...pipeCases('/session', SESSION_BODY, CreateSessionDto, SessionFullyValidated),
  ['/session body: unsafeInput', SESSION_BODY, async (body) => unsafeInput(body)],
  [
    "/match body: validateRouteInput (SessionGuard's validation)",
    MATCH_BODY,
    (body) => validateRouteInput(routeContext({ body, params: {} })),
  ],
];

/** The ExecutionContext SessionGuard receives on POST /match. */
function routeContext(request) {
  return {
    getClass: () => MatchController,
    getHandler: () => MatchController.prototype.match,
    switchToHttp: () => ({ getRequest: () => request }),
  };
}

async function runAsync(text, piece) {
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) await piece(JSON.parse(text));
  return ((performance.now() - started) * 1000) / ITERATIONS;
}

for (const [, text, piece] of validation) await runAsync(text, piece); // warm-up
const validationSamples = validation.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  const baseline = await runAsync(MATCH_BODY, async () => {});
  for (const [i, [, text, piece]] of validation.entries())
    validationSamples[i].push((await runAsync(text, piece)) - baseline);
}
validation.slice(1).forEach(([name], i) => {
  console.log(
    `${median(validationSamples[i + 1])
      .toFixed(2)
      .padStart(6)} µs  ${name}`,
  );
});

// What each per-request piece of the service's HTTP layer costs, before and after the
// changes of issue 13, measured in process (µs per request, median of rounds): the figures an
// end-to-end A/B on a shared 2-core machine cannot resolve (its noise is ±5–10 %).
//
//   npm run bench:build && node dist/bench/tools/bench/hot-path-costs.js
//
// Each case builds a fresh IncomingMessage/ServerResponse pair per iteration and runs the
// piece on it; the "baseline" case (the pair alone) is subtracted from every other.
// COSTS_DIST (dist): the build measured; COSTS_ITERATIONS (20,000), COSTS_ROUNDS (9).
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import express from 'express';
import helmet from 'helmet';
import { Store, storage } from 'nestjs-pino/storage';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { Counter, Histogram, Registry } from 'prom-client';
import { fromBuild, Middleware } from './lib/built-service';
import { validationCosts } from './lib/validation-costs';

type Piece = (req: IncomingMessage, res: ServerResponse) => void;
type ExpressResponse = ServerResponse & { status(code: number): { json(body: unknown): void } };

const ITERATIONS = Number(process.env.COSTS_ITERATIONS ?? 20_000);
const ROUNDS = Number(process.env.COSTS_ROUNDS ?? 9);
const socket = new Socket();
const app = express();
app.disable('x-powered-by');
const ANSWER = { match: true, shared_interests: ['music', 'tech'], nudge_sent: false };

function pair(withExpress: boolean): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(socket);
  req.method = 'POST';
  req.url = '/match';
  req.headers = { 'content-type': 'application/json', authorization: 'Bearer x', host: '127.0.0.1' };
  Object.assign(req, { route: { path: '/match' } });
  const res = new ServerResponse(req);
  // No socket: the response counts as finished once ended.
  Object.defineProperty(res, 'writableFinished', { value: true });
  if (withExpress) {
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    Object.assign(req, { app, res });
    Object.assign(res, { app, req });
  }
  return { req, res };
}

const next = (): void => undefined;
const devNull = pino.destination({ dest: '/dev/null', sync: true });
const finish =
  (middleware: Middleware, after: () => void = next): Piece =>
  (req, res) => {
    middleware(req, res, after);
    res.emit('finish');
    res.emit('close');
  };

/** The previous configuration: nestjs-pino's middlewares with the old loggerOptions. */
function oldLogger(level: string): Piece {
  const middleware = pinoHttp(
    {
      level,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
      autoLogging: { ignore: (req) => req.url === '/health/live' },
      customLogLevel: (_req, res, error) =>
        error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    },
    devNull,
  );
  return (req, res) => finish(middleware, () => storage.run(new Store(req.allLogs.at(-1)!), next))(req, res);
}

const newLogger = (level: string): Piece => {
  const RequestLog = fromBuild('RequestLog');
  return finish(new RequestLog(pino({ level }, devNull)).middleware());
};

const helmetPerRequest = helmet({
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  crossOriginResourcePolicy: { policy: 'same-origin' },
});
const precomputed = fromBuild('securityHeaders')();

function promClient(): Piece {
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
    const route = (req as IncomingMessage & { route?: { path: string } }).route?.path ?? '';
    const labels = { method: req.method ?? '', route, status: res.statusCode };
    counter.inc(labels);
    histogram.observe(labels, 0.0021);
  };
}

const directJson = (res: ServerResponse, body: unknown, status: number): void => {
  res.statusCode = status;
  const json = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
};

const CASES: [string, boolean, Piece][] = [
  ['baseline (request/response pair)', false, () => undefined],
  ['security headers: helmet per request', false, (req, res) => helmetPerRequest(req, res, next)],
  ['security headers: precomputed', false, (req, res) => precomputed(req, res, next)],
  ['request log, LOG_LEVEL=warn: nestjs-pino (pino-http + AsyncLocalStorage)', false, oldLogger('warn')],
  ['request log, LOG_LEVEL=warn: RequestLog', false, newLogger('warn')],
  ['request log, LOG_LEVEL=info: nestjs-pino (pino-http + AsyncLocalStorage)', false, oldLogger('info')],
  ['request log, LOG_LEVEL=info: RequestLog', false, newLogger('info')],
  [
    'answer: Express res.status().json()',
    true,
    (_req, res) => (res as ExpressResponse).status(200).json(ANSWER),
  ],
  ['answer: direct JSON write', true, (_req, res) => directJson(res, ANSWER, 200)],
  ["HTTP metrics: prom-client's Counter.inc + Histogram.observe", false, promClient()],
];

function run(withExpress: boolean, piece: Piece): number {
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) {
    const { req, res } = pair(withExpress);
    piece(req, res);
  }
  return ((performance.now() - started) * 1000) / ITERATIONS;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const print = (name: string, samples: number[]): void =>
  console.log(`${median(samples).toFixed(2).padStart(6)} µs  ${name}`);

async function main(): Promise<void> {
  // Rounds over all cases, each case's figure the median over rounds of (case − same-round
  // baseline of its kind): a GC or a neighbour's burst lands in one round, not in one case.
  for (const [, withExpress, piece] of CASES) run(withExpress, piece); // warm-up
  const samples = CASES.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    const baseline = { false: run(false, () => undefined), true: run(true, () => undefined) };
    CASES.forEach(([, withExpress, piece], i) =>
      samples[i].push(run(withExpress, piece) - baseline[`${withExpress}`]),
    );
  }
  CASES.slice(1).forEach(([name], i) => print(name, samples[i + 1]));
  for (const [name, validation] of await validationCosts(ITERATIONS, ROUNDS)) print(name, validation);
}

void main();

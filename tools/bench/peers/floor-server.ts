// The floor: the /match hot path with no framework, as fast as plain Node + ioredis goes.
// Same work as the service (match-work.ts): read and check the JSON body, read the caller's
// session and check the bearer's SHA-256, read the detected session, run the service's
// sighting script (and its rate-limit script when enabled), answer the same JSON. It does not
// dispatch nudges: on the hot path (meeting already decided) nor does the service.
//
//   PORT=8100 REDIS_URL=redis://127.0.0.1:6379/0 REDIS_KEY_PREFIX=sighej: node dist/bench/tools/bench/peers/floor-server.js
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import {
  bearerOf,
  checkMatchBody,
  connectRedis,
  createMatchWork,
  MatchBody,
  workOptionsFromEnv,
} from './match-work';

const PORT = Number(process.env.PORT ?? 8100);
const MAX_BODY = 16 * 1024;

function send(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

const fail = (res: ServerResponse, status: number, error: string, message: string | string[]): void =>
  send(res, status, { statusCode: status, error, message });

type MatchWork = ReturnType<typeof createMatchWork>;

async function match(work: MatchWork, req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return fail(res, 400, 'Bad Request', 'body must be valid JSON');
  }
  const problems = checkMatchBody(body);
  if (problems.length > 0) return fail(res, 400, 'Bad Request', problems);
  const { own_token: ownToken, detected_token: detectedToken } = body as MatchBody;
  const answer = await work(ownToken, detectedToken, bearerOf(req.headers.authorization));
  if (answer === undefined) return fail(res, 401, 'Unauthorized', 'Unauthorized');
  if (answer === 'limited') return fail(res, 429, 'Too Many Requests', 'Too many requests');
  send(res, 200, answer);
}

function readBody(work: MatchWork, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      fail(res, 413, 'Payload Too Large', 'request entity too large');
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    match(work, req, res, Buffer.concat(chunks).toString('utf8')).catch(() =>
      fail(res, 503, 'Service Unavailable', 'redis is unavailable'),
    );
  });
}

async function main(): Promise<void> {
  const work = createMatchWork(await connectRedis(), workOptionsFromEnv());
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });
    if (req.method !== 'POST' || req.url !== '/match') return fail(res, 404, 'Not Found', 'Not Found');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return fail(res, 400, 'Bad Request', 'content-type must be application/json');
    readBody(work, req, res);
  });
  server.keepAliveTimeout = 5000;
  server.listen(PORT, '127.0.0.1');
  process.on('SIGTERM', () => process.exit(0));
}

void main();

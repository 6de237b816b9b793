// The floor: the /match hot path with no framework, as fast as plain Node + ioredis goes.
// Same work as the service (bench/lib/match-work.mjs): read and check the JSON body, read
// the caller's session and check the bearer's SHA-256, read the detected session, run the
// meeting script (and the rate-limit script when enabled) in one round trip, answer the same
// JSON. It does not dispatch nudges: on the hot path (meeting already claimed) nor does the
// service.
//
//   PORT=8100 REDIS_URL=redis://127.0.0.1:6379/0 REDIS_KEY_PREFIX=sighej: node bench/floor-server.mjs
import { createServer } from 'node:http';
import {
  bearerOf,
  checkMatchBody,
  connectRedis,
  createMatchWork,
  workOptionsFromEnv,
} from './lib/match-work.mjs';

const PORT = Number(process.env.PORT ?? 8100);
const MAX_BODY = 16 * 1024;

const matchWork = createMatchWork(await connectRedis(), workOptionsFromEnv());

function send(res, status, payload) {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

const fail = (res, status, error, message) => send(res, status, { statusCode: status, error, message });

async function match(req, res, raw) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return fail(res, 400, 'Bad Request', 'body must be valid JSON');
  }
  const problems = checkMatchBody(body);
  if (problems.length > 0) return fail(res, 400, 'Bad Request', problems);
  const answer = await matchWork(body.own_token, body.detected_token, bearerOf(req.headers.authorization));
  if (answer === undefined) return fail(res, 401, 'Unauthorized', 'Unauthorized');
  if (answer === 'limited') return fail(res, 429, 'Too Many Requests', 'Too many requests');
  send(res, 200, answer);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/match') return fail(res, 404, 'Not Found', 'Not Found');
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return fail(res, 400, 'Bad Request', 'content-type must be application/json');
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      fail(res, 413, 'Payload Too Large', 'request entity too large');
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    match(req, res, Buffer.concat(chunks).toString('utf8')).catch(() =>
      fail(res, 503, 'Service Unavailable', 'redis is unavailable'),
    );
  });
});

server.keepAliveTimeout = 5000;
server.listen(PORT, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));

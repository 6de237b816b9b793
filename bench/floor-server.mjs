// The floor: the /match hot path with no framework, as fast as plain Node + ioredis goes.
// Same work as the service: read and check the JSON body, read both sessions from Redis
// (the keys the service wrote), check the bearer token's SHA-256 against the stored hash,
// intersect the interest hashes, claim the pair with SET NX, answer the same JSON. It does
// not dispatch nudges: on the hot path (pairs already claimed) the service does not either.
//
//   PORT=8100 REDIS_URL=redis://127.0.0.1:6379/0 REDIS_KEY_PREFIX=sighej: node bench/floor-server.mjs
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import Redis from 'ioredis';

const PORT = Number(process.env.PORT ?? 8100);
const PREFIX = process.env.REDIS_KEY_PREFIX ?? 'sighej:';
const COOLDOWN_SECONDS = Number(process.env.NUDGE_COOLDOWN_SECONDS ?? 7200);
const MIN_SHARED = Number(process.env.MATCH_MIN_SHARED ?? 1);
const BLE_TOKEN = /^[A-Za-z0-9_-]{6,64}$/;
const MAX_BODY = 16 * 1024;

// The same client options as the service (auto-pipelining included), so the difference
// measured is the framework and the code around Redis, not the Redis client.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 1500,
  enableAutoPipelining: true,
});

function send(res, status, payload) {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

const fail = (res, status, error, message) => send(res, status, { statusCode: status, error, message });

function accessTokenMatches(token, storedHash) {
  const given = Buffer.from(createHash('sha256').update(token).digest('base64url'));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

function sharedCategories(own, detected) {
  const ownHashes = new Set(own.i.map(([hash]) => hash));
  const counts = new Map();
  let shared = 0;
  for (const [hash, category] of detected.i) {
    if (!ownHashes.has(hash)) continue;
    shared += 1;
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  if (shared < MIN_SHARED) return [];
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([category]) => category);
}

async function match(req, res, raw) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return fail(res, 400, 'Bad Request', 'body must be valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return fail(res, 400, 'Bad Request', 'body must be a JSON object');
  }
  const { own_token: ownToken, detected_token: detectedToken, ...unknown } = body;
  const problems = [];
  if (typeof ownToken !== 'string' || !BLE_TOKEN.test(ownToken))
    problems.push('own_token must be 6-64 characters of A-Z a-z 0-9 _ -');
  if (typeof detectedToken !== 'string' || !BLE_TOKEN.test(detectedToken))
    problems.push('detected_token must be 6-64 characters of A-Z a-z 0-9 _ -');
  for (const name of Object.keys(unknown)) problems.push(`property ${name} should not exist`);
  if (problems.length === 0 && ownToken === detectedToken)
    problems.push('own_token and detected_token must differ');
  if (problems.length > 0) return fail(res, 400, 'Bad Request', problems);

  const authorization = req.headers.authorization;
  const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  // Both GETs leave in one write (auto-pipelining): one round trip.
  const [ownRaw, detectedRaw] = await Promise.all([
    redis.get(`${PREFIX}tok:${ownToken}`),
    redis.get(`${PREFIX}tok:${detectedToken}`),
  ]);
  const own = ownRaw === null ? undefined : JSON.parse(ownRaw);
  if (own === undefined || bearer === undefined || !accessTokenMatches(bearer, own.a)) {
    return fail(res, 401, 'Unauthorized', 'Unauthorized');
  }
  const noMatch = { match: false, shared_interests: [], nudge_sent: false };
  if (detectedRaw === null) return send(res, 200, noMatch);
  const detected = JSON.parse(detectedRaw);
  const categories = sharedCategories(own, detected);
  if (categories.length === 0) return send(res, 200, noMatch);
  const [first, second] = own.id < detected.id ? [own.id, detected.id] : [detected.id, own.id];
  const claimed = await redis.set(`${PREFIX}pair:${first}:${second}`, '1', 'EX', COOLDOWN_SECONDS, 'NX');
  send(res, 200, { match: true, shared_interests: categories, nudge_sent: claimed === 'OK' });
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

if (redis.status !== 'ready') await once(redis, 'ready');
server.keepAliveTimeout = 5000;
server.listen(PORT, '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
  process.exit(0);
});

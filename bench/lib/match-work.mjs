// The /match hot path's work without any HTTP framework, shared by the floor server and
// the Nest ceiling so they do exactly the same thing per request; bench/peers/fastapi_match.py
// does the same in Python. The shape is the mutual-detection one (SPEC `POST /match`):
//   1. GET tok:<own_token> and GET tok:<detected_token> in one round trip;
//   2. the bearer's SHA-256 against the caller's stored hash (else 401);
//   3. one round trip: the meeting script on {m:<epochA>:<epochB>} (SET seen EX window, GET
//      met, claim met once both sightings exist), pipelined with the per-session rate-limit
//      script when RATE_LIMIT_MATCHES_PER_MINUTE > 0;
//   4. answer { match, shared_interests, nudge_sent }.
// Two round trips, three Redis commands on the hot path (met already set, limits off).
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import Redis from 'ioredis';

const BLE_TOKEN = /^[A-Za-z0-9_-]{22}$/;
const CATALOG = new URL('../../libs/session/src/interests/interest-catalog.data.json', import.meta.url);

/**
 * The service's session record (libs/session's codec): `id|access hash|categories|expires at|epoch`,
 * the categories a 32-bit mask in hex over the catalog's categories, `other` the bit after them.
 */
const RECORD = /^([0-9a-f-]{36})\|([A-Za-z0-9_-]{43})\|([0-9a-f]{8})\|(\d{15})\|([A-Za-z0-9_-]{22})$/;

function decodeSession(stored) {
  const fields = RECORD.exec(stored);
  if (fields === null) throw new Error('stored session has an unexpected shape');
  return { id: fields[1], a: fields[2], categories: Number.parseInt(fields[3], 16), p: fields[5] };
}

/** Every category's bit, alphabetical (the order labels are answered in), and `other`'s bit. */
function catalogBits() {
  const { categories } = JSON.parse(readFileSync(CATALOG, 'utf8'));
  const bits = [...categories.map((category, i) => [category, 2 ** i]), ['other', 2 ** categories.length]];
  return { alphabetical: bits.sort(([a], [b]) => (a < b ? -1 : 1)), otherBit: 2 ** categories.length };
}
const { alphabetical: CATEGORY_BITS, otherBit: OTHER_BIT } = catalogBits();
export const NO_MATCH = Object.freeze({ match: false, shared_interests: [], nudge_sent: false });

// KEYS: own sighting, the other's sighting, met. ARGV: mutual window s, cooldown s, shared
// interest count, minimum shared. Returns {met 0/1, claimed now 0/1}.
export const MEETING_SCRIPT = `
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
if redis.call('GET', KEYS[3]) then return {1, 0} end
if redis.call('EXISTS', KEYS[2]) == 0 then return {0, 0} end
if tonumber(ARGV[3]) < tonumber(ARGV[4]) then return {0, 0} end
if redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[2]) then return {1, 1} end
return {1, 0}
`;

// The service's rate-limit script (libs/shared/src/rate-limit/redis-rate-limit-store.ts).
export const RATE_LIMIT_SCRIPT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or ARGV[2]), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blocked}
end
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, left, 1, tonumber(ARGV[3])}
end
return {hits, left, 0, 0}
`;

/** A Redis client with the service's options (auto-pipelining included), connected. */
export async function connectRedis(url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0') {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1500,
    enableAutoPipelining: true,
  });
  redis.defineCommand('benchMeeting', { numberOfKeys: 3, lua: MEETING_SCRIPT });
  redis.defineCommand('benchRateLimit', { numberOfKeys: 2, lua: RATE_LIMIT_SCRIPT });
  if (redis.status !== 'ready') await once(redis, 'ready');
  return redis;
}

/** Problems with a parsed /match body, in words (empty when it is fine). */
export function checkMatchBody(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['body must be a JSON object'];
  const { own_token: ownToken, detected_token: detectedToken, ...unknown } = body;
  const problems = [];
  if (typeof ownToken !== 'string' || !BLE_TOKEN.test(ownToken))
    problems.push('own_token must be a BLE token as the server issues it: 22 characters of A-Z a-z 0-9 _ -');
  if (typeof detectedToken !== 'string' || !BLE_TOKEN.test(detectedToken))
    problems.push(
      'detected_token must be a BLE token as the server issues it: 22 characters of A-Z a-z 0-9 _ -',
    );
  for (const name of Object.keys(unknown)) problems.push(`property ${name} should not exist`);
  if (problems.length === 0 && ownToken === detectedToken)
    problems.push('detected_token must differ from own_token');
  return problems;
}

function accessTokenMatches(token, storedHash) {
  const given = Buffer.from(createHash('sha256').update(token).digest('base64url'));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Shared categories (never `other`), alphabetical, and how many: one AND of two masks. */
function sharedCategories(own, detected) {
  const mask = own.categories & detected.categories & ~OTHER_BIT;
  const categories = CATEGORY_BITS.filter(([, bit]) => (mask & bit) !== 0).map(([category]) => category);
  return { shared: categories.length, categories };
}

export function bearerOf(authorization) {
  return typeof authorization === 'string' && authorization.startsWith('Bearer ')
    ? authorization.slice(7)
    : undefined;
}

/** A session's token epoch (the codec's `p` field). */
const epochOf = (session) => session.p;

/**
 * The work of one /match call. Returns the answer body, or `undefined` for "401". An absent
 * detected token runs the same meeting script (on a key no session can share), so a first
 * sighting costs the same whether or not the token is live.
 */
export function createMatchWork(redis, options) {
  const { prefix, windowSeconds, cooldownSeconds, minShared, matchesPerMinute } = options;
  return async function matchWork(ownToken, detectedToken, bearer) {
    // Both sessions in one round trip (auto-pipelining), as the service's SessionGuard does.
    const [ownRaw, detectedRaw] = await Promise.all([
      redis.get(`${prefix}tok:${ownToken}`),
      redis.get(`${prefix}tok:${detectedToken}`),
    ]);
    const own = ownRaw === null ? undefined : decodeSession(ownRaw);
    if (own === undefined || bearer === undefined || !accessTokenMatches(bearer, own.a)) return undefined;
    const detected = detectedRaw === null ? undefined : decodeSession(detectedRaw);
    const mine = epochOf(own);
    const theirs = detected === undefined ? `-${detectedToken}` : epochOf(detected);
    const { shared, categories } =
      detected === undefined ? { shared: 0, categories: [] } : sharedCategories(own, detected);
    const tag = mine < theirs ? `${prefix}{m:${mine}:${theirs}}` : `${prefix}{m:${theirs}:${mine}}`;
    const meeting = redis.benchMeeting(
      `${tag}:seen:${mine}`,
      `${tag}:seen:${theirs}`,
      `${tag}:met`,
      windowSeconds,
      cooldownSeconds,
      shared,
      minShared,
    );
    if (matchesPerMinute > 0) {
      // Same write as the meeting script (auto-pipelining): still one round trip.
      const rateKey = `${prefix}rl:{matches:${own.id}}`;
      const [hits] = await redis.benchRateLimit(rateKey, `${rateKey}:blk`, 60_000, matchesPerMinute, 60_000);
      if (hits > matchesPerMinute) {
        meeting.catch(() => {});
        return 'limited';
      }
    }
    const [met, claimed] = await meeting;
    if (met !== 1 || detected === undefined || own.id === detected.id) return NO_MATCH;
    return { match: true, shared_interests: categories, nudge_sent: claimed === 1 };
  };
}

export function workOptionsFromEnv(env = process.env) {
  return {
    prefix: env.REDIS_KEY_PREFIX ?? 'sighej:',
    windowSeconds: Number(env.MATCH_MUTUAL_WINDOW_SECONDS ?? 120),
    cooldownSeconds: Number(env.NUDGE_COOLDOWN_SECONDS ?? 7200),
    minShared: Number(env.MATCH_MIN_SHARED ?? 1),
    matchesPerMinute: Number(env.RATE_LIMIT_MATCHES_PER_MINUTE ?? 0),
  };
}

// The /match hot path's work without any HTTP framework, shared by the floor server and
// the Nest ceiling so they do exactly the same thing per request; bench/peers/fastapi_match.py
// does the same in Python. The shape is the mutual-detection one (SPEC `POST /match`):
//   1. GET tok:<own_token> and GET tok:<detected_token> in one round trip, each decoded as
//      the service's fixed-width record (an absent one decodes the same stand-in record);
//   2. the bearer's SHA-256 against the caller's stored hash (else 401);
//   3. the per-session rate-limit script when RATE_LIMIT_MATCHES_PER_MINUTE > 0, before the
//      sighting (a refused call records nothing), then the meeting script on
//      {m:<epochA>:<epochB>} (SET seen EX window, GET met, claim met once both sightings exist);
//   4. answer { match, shared_interests, nudge_sent }: the shared categories are one AND of
//      the two category masks, labelled alphabetically, `other` never counting.
// Two round trips (three with the limit on), three Redis commands on the hot path (met
// already set, limits off).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import Redis from 'ioredis';

const BLE_TOKEN = /^[A-Za-z0-9_-]{22}$/;
const TOKEN_MESSAGE = 'must be a BLE token as the server issues it: 22 characters of A-Z a-z 0-9 _ -';

// The service's record (libs/session/src/store/session-codec.ts): id|access hash|mask|expiry|epoch.
const RECORD = /^([0-9a-f-]{36})\|([A-Za-z0-9_-]{43})\|([0-9a-f]{8})\|(\d{15})\|([A-Za-z0-9_-]{22})$/;
// A record of that exact form that names nobody: what a lookup that finds nothing decodes.
const STAND_IN = `${randomUUID()}|${randomBytes(32).toString('base64url')}|${'0'.repeat(8)}|${'0'.repeat(15)}|${randomBytes(16).toString('base64url')}`;
/** The epoch an absent token's sighting is recorded under (drawn per process, as the service does). */
const ABSENT_EPOCH = randomBytes(16).toString('base64url');

function decodeRecord(stored) {
  const fields = RECORD.exec(stored);
  if (fields === null) throw new Error('stored session has an unexpected shape');
  const [, id, a, mask, e, p] = fields;
  return { id, a, mask: Number.parseInt(mask, 16), e: Number(e), p };
}

// The catalog's categories: bit i is categories[i], `other` the bit after the last.
const { categories: CATEGORIES } = JSON.parse(
  readFileSync(
    new URL('../../libs/session/src/interests/interest-catalog.data.json', import.meta.url),
    'utf8',
  ),
);
const OTHER_BIT = 2 ** CATEGORIES.length;
const ALPHABETICAL = CATEGORIES.map((category, bit) => [category, 2 ** bit]).sort(([a], [b]) =>
  a < b ? -1 : 1,
);
export const NO_MATCH = Object.freeze({ match: false, shared_interests: [], nudge_sent: false });

// KEYS: own sighting, the other's sighting, met. ARGV: mutual window s, cooldown s, shared
// category count, minimum shared. Returns {met 0/1, claimed now 0/1}.
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
  if (typeof ownToken !== 'string' || !BLE_TOKEN.test(ownToken)) problems.push(`own_token ${TOKEN_MESSAGE}`);
  if (typeof detectedToken !== 'string' || !BLE_TOKEN.test(detectedToken))
    problems.push(`detected_token ${TOKEN_MESSAGE}`);
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

/** Shared categories (alphabetical, never `other`) and how many there are: one AND of two masks. */
function sharedCategories(own, detected) {
  const both = own.mask & detected.mask & ~OTHER_BIT;
  const categories = ALPHABETICAL.filter(([, bit]) => (both & bit) !== 0).map(([category]) => category);
  return { shared: categories.length, categories };
}

export function bearerOf(authorization) {
  return typeof authorization === 'string' && authorization.startsWith('Bearer ')
    ? authorization.slice(7)
    : undefined;
}

const decodeOrStandIn = (raw) => {
  const decoded = decodeRecord(raw ?? STAND_IN);
  return raw === null ? undefined : decoded;
};

/**
 * The work of one /match call. Returns the answer body, `undefined` for "401", or 'limited'. An
 * absent detected token decodes the stand-in and runs the same meeting script (on an epoch no
 * session has), so a sighting costs the same whether or not the token is live.
 */
export function createMatchWork(redis, options) {
  const { prefix, windowSeconds, cooldownSeconds, minShared, matchesPerMinute } = options;
  return async function matchWork(ownToken, detectedToken, bearer) {
    // Both sessions in one round trip (auto-pipelining), as the service's SessionGuard does.
    const [ownRaw, detectedRaw] = await Promise.all([
      redis.get(`${prefix}tok:${ownToken}`),
      redis.get(`${prefix}tok:${detectedToken}`),
    ]);
    const own = decodeOrStandIn(ownRaw);
    if (own === undefined || bearer === undefined || !accessTokenMatches(bearer, own.a)) return undefined;
    const detected = decodeOrStandIn(detectedRaw);
    if (matchesPerMinute > 0) {
      // Before the sighting: a call the limit refuses records nothing.
      const rateKey = `${prefix}rl:{matches:${own.id}}`;
      const [hits] = await redis.benchRateLimit(rateKey, `${rateKey}:blk`, 60_000, matchesPerMinute, 60_000);
      if (hits > matchesPerMinute) return 'limited';
    }
    const mine = own.p;
    const theirs = detected === undefined ? ABSENT_EPOCH : detected.p;
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

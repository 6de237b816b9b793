// The /match hot path's work without any HTTP framework, shared by the floor server and
// the framework ceilings so they all do exactly the same thing per request.
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import Redis from 'ioredis';

const BLE_TOKEN = /^[A-Za-z0-9_-]{6,64}$/;
const NO_MATCH = { match: false, shared_interests: [], nudge_sent: false };

/** A Redis client with the service's options (auto-pipelining included), connected. */
export async function connectRedis(url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0') {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1500,
    enableAutoPipelining: true,
  });
  if (redis.status !== 'ready') await once(redis, 'ready');
  return redis;
}

/** Problems with a parsed /match body, in words (empty when it is fine). */
export function checkMatchBody(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['body must be a JSON object'];
  const { own_token: ownToken, detected_token: detectedToken, ...unknown } = body;
  const problems = [];
  if (typeof ownToken !== 'string' || !BLE_TOKEN.test(ownToken))
    problems.push('own_token must be 6-64 characters of A-Z a-z 0-9 _ -');
  if (typeof detectedToken !== 'string' || !BLE_TOKEN.test(detectedToken))
    problems.push('detected_token must be 6-64 characters of A-Z a-z 0-9 _ -');
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

function sharedCategories(own, detected, minShared) {
  const ownHashes = new Set(own.i.map(([hash]) => hash));
  const counts = new Map();
  let shared = 0;
  for (const [hash, category] of detected.i) {
    if (!ownHashes.has(hash)) continue;
    shared += 1;
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  if (shared < minShared) return [];
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([category]) => category);
}

export function bearerOf(authorization) {
  return typeof authorization === 'string' && authorization.startsWith('Bearer ')
    ? authorization.slice(7)
    : undefined;
}

/**
 * Reads both sessions (key `<prefix>tok:<ble_token>`, the JSON the service stores), checks
 * the bearer, intersects, claims the pair with SET NX. Returns the answer body, or
 * `undefined` for "401".
 */
export function createMatchWork(redis, { prefix = 'sighej:', cooldownSeconds = 7200, minShared = 1 } = {}) {
  return async function matchWork(ownToken, detectedToken, bearer) {
    // Both GETs leave in one write (auto-pipelining): one round trip.
    const [ownRaw, detectedRaw] = await Promise.all([
      redis.get(`${prefix}tok:${ownToken}`),
      redis.get(`${prefix}tok:${detectedToken}`),
    ]);
    const own = ownRaw === null ? undefined : JSON.parse(ownRaw);
    if (own === undefined || bearer === undefined || !accessTokenMatches(bearer, own.a)) return undefined;
    if (detectedRaw === null) return NO_MATCH;
    const detected = JSON.parse(detectedRaw);
    if (detected.id === own.id) return NO_MATCH;
    const categories = sharedCategories(own, detected, minShared);
    if (categories.length === 0) return NO_MATCH;
    const [first, second] = own.id < detected.id ? [own.id, detected.id] : [detected.id, own.id];
    const claimed = await redis.set(`${prefix}pair:${first}:${second}`, '1', 'EX', cooldownSeconds, 'NX');
    return { match: true, shared_interests: categories, nudge_sent: claimed === 'OK' };
  };
}

export function workOptionsFromEnv(env = process.env) {
  return {
    prefix: env.REDIS_KEY_PREFIX ?? 'sighej:',
    cooldownSeconds: Number(env.NUDGE_COOLDOWN_SECONDS ?? 7200),
    minShared: Number(env.MATCH_MIN_SHARED ?? 1),
  };
}

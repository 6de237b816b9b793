// The /match hot path's work without any HTTP framework, shared by the floor server and
// the Nest ceiling so they do exactly the same thing per request; peers/fastapi_match.py does
// the same in Python. The shape is the mutual-detection one (SPEC `POST /match`):
//   1. GET tok:<own_token> and GET tok:<detected_token> in one round trip, each decoded with
//      the service's session codec (an absent one decodes the stand-in record);
//   2. the bearer's SHA-256 against the caller's stored hash (else 401);
//   3. the service's rate-limit script when RATE_LIMIT_MATCHES_PER_MINUTE > 0, before the
//      sighting (a refused call records nothing), then the service's sighting script on the
//      meeting's keys (SET seen EX window, GET met, claim met once both sightings exist);
//   4. answer { match, shared_interests, nudge_sent }: the shared categories are one AND of
//      the two category masks, labelled alphabetically, `other` never counting.
// The scripts, the key layout and the record codec are the libs' own exports, so the peers
// cannot drift from the service. Two round trips (three with the limit on) on the hot path.
import { MatchKeys, SIGHT_SCRIPT } from '@sighej/match';
import { InterestCatalog, Session, sessionCodec, SessionKeys } from '@sighej/session';
import { Keyspace, RATE_LIMIT_SCRIPT } from '@sighej/shared';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import Redis from 'ioredis';

const BLE_TOKEN = /^[A-Za-z0-9_-]{22}$/;
const TOKEN_MESSAGE = 'must be a BLE token as the server issues it: 22 characters of A-Z a-z 0-9 _ -';
/** The epoch an absent token's sighting is recorded under (drawn per process, as the service does). */
const ABSENT_EPOCH = randomBytes(16).toString('base64url');
const catalog = InterestCatalog.load();

export interface MatchAnswer {
  match: boolean;
  shared_interests: string[];
  nudge_sent: boolean;
}

const noMatch = (): MatchAnswer => ({ match: false, shared_interests: [], nudge_sent: false });

interface WithScripts {
  benchSight(mine: string, theirs: string, meeting: string, window: number, claim: number): Promise<string>;
  benchRateLimit(
    counter: string,
    block: string,
    windowMs: number,
    limit: number,
    blockMs: number,
  ): Promise<number[]>;
}
type PeerRedis = Redis & WithScripts;

/** A Redis client with the service's options (auto-pipelining included), connected. */
export async function connectRedis(
  url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
): Promise<PeerRedis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1500,
    enableAutoPipelining: true,
  });
  redis.defineCommand('benchSight', { numberOfKeys: 3, lua: SIGHT_SCRIPT });
  redis.defineCommand('benchRateLimit', { numberOfKeys: 2, lua: RATE_LIMIT_SCRIPT });
  if (redis.status !== 'ready') await once(redis, 'ready');
  return redis as PeerRedis;
}

export interface MatchBody {
  own_token: string;
  detected_token: string;
}

/** Problems with a parsed /match body, in words (empty when it is fine). */
export function checkMatchBody(body: unknown): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['body must be a JSON object'];
  const { own_token: ownToken, detected_token: detectedToken, ...unknown } = body as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof ownToken !== 'string' || !BLE_TOKEN.test(ownToken)) problems.push(`own_token ${TOKEN_MESSAGE}`);
  if (typeof detectedToken !== 'string' || !BLE_TOKEN.test(detectedToken))
    problems.push(`detected_token ${TOKEN_MESSAGE}`);
  for (const name of Object.keys(unknown)) problems.push(`property ${name} should not exist`);
  if (problems.length === 0 && ownToken === detectedToken)
    problems.push('detected_token must differ from own_token');
  return problems;
}

function accessTokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(createHash('sha256').update(token).digest('base64url'));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export function bearerOf(authorization: unknown): string | undefined {
  return typeof authorization === 'string' && authorization.startsWith('Bearer ')
    ? authorization.slice(7)
    : undefined;
}

const decoded = (raw: string | null): Session | undefined =>
  raw === null ? sessionCodec.decodeNothing() : sessionCodec.decode(raw);

export interface WorkOptions {
  prefix: string;
  windowSeconds: number;
  cooldownSeconds: number;
  claimSeconds: number;
  minShared: number;
  matchesPerMinute: number;
}

/** The labels two sessions share when at least `minShared` categories are shared, else none. */
function shared(own: Session, other: Session, minShared: number): string[] {
  const labels = catalog.labelsOf(own.categories & other.categories & ~catalog.otherBit);
  return labels.length < minShared ? [] : labels;
}

/**
 * The work of one /match call. Returns the answer body, `undefined` for "401", or 'limited'. An
 * absent detected token decodes the stand-in and runs the same sighting script (on an epoch no
 * session has), so a sighting costs the same whether or not the token is live. A sighting that
 * wins a meeting settles it at once (the peers send no nudges).
 */
export function createMatchWork(redis: PeerRedis, options: WorkOptions) {
  const space = new Keyspace(options.prefix);
  const sessions = new SessionKeys(space);
  const meetings = new MatchKeys(space);
  return async function matchWork(
    ownToken: string,
    detectedToken: string,
    bearer: string | undefined,
  ): Promise<MatchAnswer | undefined | 'limited'> {
    // Both sessions in one round trip (auto-pipelining), as the service's SessionGuard does.
    const [ownRaw, detectedRaw] = await Promise.all([
      redis.get(sessions.token(ownToken)),
      redis.get(sessions.token(detectedToken)),
    ]);
    const own = decoded(ownRaw);
    if (own === undefined || bearer === undefined || !accessTokenMatches(bearer, own.accessHash))
      return undefined;
    const found = decoded(detectedRaw);
    const other = found !== undefined && found.id !== own.id ? found : undefined;
    if (options.matchesPerMinute > 0) {
      // Before the sighting: a call the limit refuses records nothing.
      const counter = space.key(`rl:{matches:${own.id}}`);
      const [hits] = await redis.benchRateLimit(
        counter,
        `${counter}:blk`,
        60_000,
        options.matchesPerMinute,
        60_000,
      );
      if (hits > options.matchesPerMinute) return 'limited';
    }
    const [mine, theirs] = [own.epoch, other?.epoch ?? ABSENT_EPOCH];
    const meeting = meetings.meeting(mine, theirs);
    const sighting = await redis.benchSight(
      meetings.sighting(mine, theirs, mine),
      meetings.sighting(mine, theirs, theirs),
      meeting,
      options.windowSeconds,
      options.claimSeconds,
    );
    if (other === undefined) return noMatch();
    if (sighting === 'matched')
      return { match: true, shared_interests: shared(own, other, options.minShared), nudge_sent: false };
    if (sighting !== 'won') return noMatch();
    const labels = shared(own, other, options.minShared);
    await redis.set(meeting, labels.length > 0 ? 'matched' : 'unmatched', 'EX', options.cooldownSeconds);
    return labels.length > 0 ? { match: true, shared_interests: labels, nudge_sent: true } : noMatch();
  };
}

export function workOptionsFromEnv(env = process.env): WorkOptions {
  const cooldownSeconds = Number(env.NUDGE_COOLDOWN_SECONDS ?? 7200);
  return {
    prefix: env.REDIS_KEY_PREFIX ?? 'sighej:',
    windowSeconds: Number(env.MATCH_MUTUAL_WINDOW_SECONDS ?? 120),
    cooldownSeconds,
    // The service's claim: its request timeout (10 s by default) plus a 5 s margin.
    claimSeconds: Math.min(cooldownSeconds, 15),
    minShared: Number(env.MATCH_MIN_SHARED ?? 1),
    matchesPerMinute: Number(env.RATE_LIMIT_MATCHES_PER_MINUTE ?? 0),
  };
}

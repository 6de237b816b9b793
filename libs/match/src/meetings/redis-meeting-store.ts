import { Injectable } from '@nestjs/common';
import { defineScript, Keyspace, RedisCommands, redisOperation } from '@sighej/shared';
import { MeetingStore, meetingId, Sighting } from './meeting-store';
import { MatchKeys } from './match-keys';

// KEYS: my sighting, theirs, the meeting (one hash tag: one Cluster slot). ARGV: window s, claim s.
// Records my sighting; answers the meeting's decision, or claims it when both sightings are there.
// Exported so the benchmark's peers run this very text.
export const SIGHT_SCRIPT = `
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
local met = redis.call('GET', KEYS[3])
if met then return met end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'pending' end
redis.call('SET', KEYS[3], 'claimed', 'EX', ARGV[2])
return 'won'`;

// KEYS: an epoch's partner budget (a sorted set: meeting id → when charged, Redis's clock).
// ARGV: window ms, limit, meeting id. 1 charged (or already charged), 0 none left. Trims the
// part older than the window first: the window slides. The key expires a window after the last
// charge, so it never outlives its last entry.
const CHARGE = `
local now = redis.call('TIME')
local nowMs = now[1] * 1000 + math.floor(now[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs - tonumber(ARGV[1]))
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return 1 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], nowMs, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

// KEYS: a pair's day marker. ARGV: a claim, ttl ms. Claims sort by when they were made; the
// earliest is the pair's count. 0 when an earlier claim holds the marker; else 1, and the
// marker holds this claim (it was gone, or a later claim had taken it).
const STILL_FIRST = `
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then return 1 end
if held and held < ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

interface WithMeetingScripts {
  sighejSight(mine: string, theirs: string, meeting: string, window: number, claim: number): Promise<string>;
  sighejCharge(budget: string, windowMs: number, limit: number, meeting: string): Promise<number>;
  sighejStillFirst(marker: string, claim: string, ttlMs: number): Promise<number>;
}

/**
 * Meetings in Redis: one Lua script per sighting, on keys that share the meeting's slot; one per
 * partner-budget charge, on the epoch's own slot. The two budgets of a meeting and its decision
 * live in three slots, so no one script can cover them: the decision is made in this order
 * instead (see MatchService.meet), with every charge keyed by the meeting, so a retried or
 * repeated decision charges once and a refund removes exactly that meeting's entry.
 */
@Injectable()
export class RedisMeetingStore implements MeetingStore {
  private readonly redis: RedisCommands & WithMeetingScripts;

  private readonly keys: MatchKeys;

  constructor(redis: RedisCommands, keyspace: Keyspace) {
    this.keys = new MatchKeys(keyspace);
    defineScript(redis, 'sighejSight', 3, SIGHT_SCRIPT);
    defineScript(redis, 'sighejCharge', 1, CHARGE);
    defineScript(redis, 'sighejStillFirst', 1, STILL_FIRST);
    this.redis = redis as RedisCommands & WithMeetingScripts;
  }

  async sight(
    ownEpoch: string,
    otherEpoch: string,
    windowSeconds: number,
    claimSeconds: number,
  ): Promise<Sighting> {
    const reply = await redisOperation(() =>
      this.redis.sighejSight(
        this.keys.sighting(ownEpoch, otherEpoch, ownEpoch),
        this.keys.sighting(ownEpoch, otherEpoch, otherEpoch),
        this.keys.meeting(ownEpoch, otherEpoch),
        windowSeconds,
        claimSeconds,
      ),
    );
    return reply as Sighting;
  }

  async settle(
    epochA: string,
    epochB: string,
    outcome: 'matched' | 'unmatched',
    cooldownSeconds: number,
  ): Promise<void> {
    await redisOperation(() =>
      this.redis.set(this.keys.meeting(epochA, epochB), outcome, 'EX', cooldownSeconds),
    );
  }

  async release(epochA: string, epochB: string): Promise<void> {
    await redisOperation(() => this.redis.del(this.keys.meeting(epochA, epochB)));
  }

  async charge(epoch: string, partnerEpoch: string, limit: number, windowSeconds: number): Promise<boolean> {
    const reply = await redisOperation(() =>
      this.redis.sighejCharge(
        this.keys.budget(epoch),
        windowSeconds * 1000,
        limit,
        meetingId(epoch, partnerEpoch),
      ),
    );
    return reply === 1;
  }

  async refund(epoch: string, partnerEpoch: string): Promise<void> {
    await redisOperation(() => this.redis.zrem(this.keys.budget(epoch), meetingId(epoch, partnerEpoch)));
  }

  async firstOfDay(
    day: string,
    sessionA: string,
    sessionB: string,
    claim: string,
    ttlMs: number,
  ): Promise<boolean> {
    const key = this.keys.countedPair(day, sessionA, sessionB);
    return (await redisOperation(() => this.redis.set(key, claim, 'PX', Math.max(1, ttlMs), 'NX'))) === 'OK';
  }

  async dayMarker(day: string, sessionA: string, sessionB: string): Promise<string | undefined> {
    const key = this.keys.countedPair(day, sessionA, sessionB);
    return (await redisOperation(() => this.redis.get(key))) ?? undefined;
  }

  async stillFirst(
    day: string,
    sessionA: string,
    sessionB: string,
    claim: string,
    ttlMs: number,
  ): Promise<boolean> {
    const key = this.keys.countedPair(day, sessionA, sessionB);
    return (await redisOperation(() => this.redis.sighejStillFirst(key, claim, Math.max(1, ttlMs)))) === 1;
  }
}

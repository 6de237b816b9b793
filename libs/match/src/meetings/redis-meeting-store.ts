import { Injectable } from '@nestjs/common';
import { defineScript, RedisKeys, redisOperation } from '@sighej/shared';
import Redis from 'ioredis';
import { MeetingStore, Sighting } from './meeting-store';

// KEYS: my sighting, theirs, the meeting (one hash tag: one Cluster slot). ARGV: window s, cooldown s.
// Records my sighting; answers the meeting's decision, or claims it when both sightings are there.
const SIGHT = `
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
local met = redis.call('GET', KEYS[3])
if met then return met end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'pending' end
redis.call('SET', KEYS[3], 'claimed', 'EX', ARGV[2])
return 'won'`;

// KEYS: the session's budget counter. ARGV: limit, window s. 1 charged, 0 none left.
const CHARGE = `
local used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
if used > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return 0
end
return 1`;

interface WithMeetingScripts {
  sighejSight(
    mine: string,
    theirs: string,
    meeting: string,
    window: number,
    cooldown: number,
  ): Promise<string>;
  sighejCharge(budget: string, limit: number, window: number): Promise<number>;
}

/** Meetings in Redis: one Lua script per sighting, on keys that share the meeting's slot. */
@Injectable()
export class RedisMeetingStore implements MeetingStore {
  private readonly redis: Redis & WithMeetingScripts;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    defineScript(redis, 'sighejSight', 3, SIGHT);
    defineScript(redis, 'sighejCharge', 1, CHARGE);
    this.redis = redis as Redis & WithMeetingScripts;
  }

  async sight(
    ownEpoch: string,
    otherEpoch: string,
    windowSeconds: number,
    cooldownSeconds: number,
  ): Promise<Sighting> {
    const reply = await redisOperation(() =>
      this.redis.sighejSight(
        this.keys.sighting(ownEpoch, otherEpoch, ownEpoch),
        this.keys.sighting(ownEpoch, otherEpoch, otherEpoch),
        this.keys.meeting(ownEpoch, otherEpoch),
        windowSeconds,
        cooldownSeconds,
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

  async charge(sessionId: string, limit: number, windowSeconds: number): Promise<boolean> {
    return (
      (await redisOperation(() =>
        this.redis.sighejCharge(this.keys.budget(sessionId), limit, windowSeconds),
      )) === 1
    );
  }

  async refund(sessionId: string): Promise<void> {
    await redisOperation(() => this.redis.decr(this.keys.budget(sessionId)));
  }

  async firstOfDay(day: string, sessionA: string, sessionB: string, ttlMs: number): Promise<boolean> {
    const key = this.keys.countedPair(day, sessionA, sessionB);
    return (await redisOperation(() => this.redis.set(key, '1', 'PX', Math.max(1, ttlMs), 'NX'))) === 'OK';
  }
}

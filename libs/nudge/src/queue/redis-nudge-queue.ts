import { Injectable } from '@nestjs/common';
import { defineScript, Keyspace, RedisCommands, redisOperation } from '@sighej/shared';
import type { Enqueued, Nudge, PendingLimits } from '../nudge';
import { NudgeQueue, PendingNudges } from './nudge-queue';
import { NudgeKeys } from '../nudge-keys';

// Per session, two keys in its slot: KEYS[1] a sorted set of nudge ids scored by when they
// were queued (ms; a same-ms nudge is placed just after the last, so the order holds), KEYS[2]
// a hash of their frames. Nudges at or before ARGV cutoff are stale and dropped first.
// Lua's unpack() takes a few thousand values at most, so long lists go in slices.
const DROP_STALE = `
local function sliced(command, key, list)
  local results = {}
  for first = 1, #list, 1000 do
    local part = redis.call(command, key, unpack(list, first, math.min(first + 999, #list)))
    if type(part) == 'table' then for _, value in ipairs(part) do results[#results + 1] = value end end
  end
  return results
end
local function dropStale(cutoff)
  local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff)
  if #stale > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
    sliced('HDEL', KEYS[2], stale)
  end
  return #stale
end`;

// ARGV: id, frame, now ms, expires-at ms, max, max age ms. Returns {dropped for age, for the
// cap, 1 if queued or 0 if that id was already pending}.
const ENQUEUE = `${DROP_STALE}
local now = tonumber(ARGV[3])
local age = dropStale(now - tonumber(ARGV[6]))
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {age, 0, 0} end
local score = now
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] and tonumber(last[2]) >= score then score = tonumber(last[2]) + 0.001 end
redis.call('ZADD', KEYS[1], score, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[5])
if excess > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
  sliced('HDEL', KEYS[2], oldest)
else
  excess = 0
end
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
redis.call('PEXPIREAT', KEYS[2], ARGV[4])
return {age, excess, 1}`;

// ARGV: cutoff ms. Returns {dropped for age, id1, frame1, id2, frame2, ...}, oldest first.
const PENDING = `${DROP_STALE}
local reply = {dropStale(tonumber(ARGV[1]))}
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
if #ids == 0 then return reply end
local frames = {}
for first = 1, #ids, 1000 do
  local part = redis.call('HMGET', KEYS[2], unpack(ids, first, math.min(first + 999, #ids)))
  for i = 1, #part do frames[first + i - 1] = part[i] end
end
for i, id in ipairs(ids) do
  if frames[i] then
    reply[#reply + 1] = id
    reply[#reply + 1] = frames[i]
  end
end
return reply`;

const ACK = `
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('HDEL', KEYS[2], ARGV[1])`;

interface WithQueueScripts {
  sighejEnqueueNudge(
    ids: string,
    frames: string,
    nudgeId: string,
    frame: string,
    now: number,
    expiresAt: number,
    max: number,
    maxAgeMs: number,
  ): Promise<[number, number, number]>;
  sighejPendingNudges(ids: string, frames: string, cutoff: number): Promise<(number | string)[]>;
  sighejAckNudge(ids: string, frames: string, nudgeId: string): Promise<number>;
}

/** Each call is one script on the session's two keys (one Cluster slot). */
@Injectable()
export class RedisNudgeQueue implements NudgeQueue {
  private readonly redis: RedisCommands & WithQueueScripts;

  private readonly keys: NudgeKeys;

  constructor(redis: RedisCommands, keyspace: Keyspace) {
    this.keys = new NudgeKeys(keyspace);
    defineScript(redis, 'sighejEnqueueNudge', 2, ENQUEUE);
    defineScript(redis, 'sighejPendingNudges', 2, PENDING);
    defineScript(redis, 'sighejAckNudge', 2, ACK);
    this.redis = redis as RedisCommands & WithQueueScripts;
  }

  async enqueue(
    sessionId: string,
    nudge: Nudge,
    expiresAt: number,
    { max, maxAgeMs }: PendingLimits,
    now = Date.now(),
  ): Promise<Enqueued> {
    const [age, cap, queued] = await redisOperation(() =>
      this.redis.sighejEnqueueNudge(
        this.keys.pending(sessionId),
        this.keys.frames(sessionId),
        nudge.id,
        nudge.frame,
        now,
        expiresAt,
        max,
        maxAgeMs,
      ),
    );
    return { age, cap, queued: queued === 1 };
  }

  async pending(sessionId: string, maxAgeMs: number, now = Date.now()): Promise<PendingNudges> {
    const [expired, ...pairs] = await redisOperation(() =>
      this.redis.sighejPendingNudges(
        this.keys.pending(sessionId),
        this.keys.frames(sessionId),
        now - maxAgeMs,
      ),
    );
    const nudges: Nudge[] = [];
    for (let i = 0; i + 1 < pairs.length; i += 2)
      nudges.push({ id: String(pairs[i]), frame: String(pairs[i + 1]) });
    return { nudges, expired: Number(expired) };
  }

  async ack(sessionId: string, nudgeId: string): Promise<boolean> {
    const removed = await redisOperation(() =>
      this.redis.sighejAckNudge(this.keys.pending(sessionId), this.keys.frames(sessionId), nudgeId),
    );
    return removed === 1;
  }

  async clear(sessionId: string): Promise<void> {
    await redisOperation(() => this.redis.del(this.keys.pending(sessionId), this.keys.frames(sessionId)));
  }
}

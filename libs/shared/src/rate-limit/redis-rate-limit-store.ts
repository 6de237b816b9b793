import { Injectable } from '@nestjs/common';
import { defineScript } from '../redis/define-script';
import { Keyspace } from '../redis/keyspace';
import { RedisCommands } from '../redis/redis-commands';
import { redisOperation } from '../redis/redis-unavailable';
import { RateLimitStore, RateLimitRecord, toSeconds } from './rate-limit-store';

// KEYS[1] hit counter, KEYS[2] block marker (one hash tag: same Cluster slot).
// ARGV: window ms, limit, block ms. Returns {hits, window ms left, blocked 0/1, block ms left}.
// While blocked nothing is counted, so a blocked client cannot extend its own window.
// Exported so the benchmark's peers run this very text.
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

interface WithRateLimitCommand {
  sighejRateLimit(
    counter: string,
    block: string,
    windowMs: number,
    limit: number,
    blockMs: number,
  ): Promise<number[]>;
}

/** Counters in RedisCommands, shared by every instance; one round trip (a Lua script) per hit. */
@Injectable()
export class RedisRateLimitStore implements RateLimitStore {
  private readonly client: RedisCommands & WithRateLimitCommand;

  constructor(
    redis: RedisCommands,
    private readonly keyspace: Keyspace,
  ) {
    defineScript(redis, 'sighejRateLimit', 2, RATE_LIMIT_SCRIPT);
    this.client = redis as RedisCommands & WithRateLimitCommand;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    limitName: string,
  ): Promise<RateLimitRecord> {
    const [counter, block] = this.keysFor(key, limitName);
    const [hits, left, blocked, blockLeft] = await redisOperation(() =>
      this.client.sighejRateLimit(counter, block, ttl, limit, blockDuration),
    );
    return {
      totalHits: hits,
      timeToExpire: toSeconds(left),
      isBlocked: blocked === 1,
      timeToBlockExpire: toSeconds(blockLeft),
    };
  }

  async blockedFor(key: string, limitName: string): Promise<number> {
    return toSeconds(await redisOperation(() => this.client.pttl(this.keysFor(key, limitName)[1])));
  }

  private keysFor(key: string, limitName: string): [string, string] {
    // The hash tag keeps both keys in one Cluster slot; callers pass hashed keys, never raw IPs.
    const counter = this.keyspace.key(`rl:{${limitName}:${key}}`);
    return [counter, `${counter}:blk`];
  }
}

import { Injectable } from '@nestjs/common';
import { RedisKeys, redisOperation } from '@sighej/shared';
import Redis from 'ioredis';
import { PairClaims } from './pair-claims';

/**
 * `SET pair NX EX cooldown`: Redis executes it atomically, so of any number of concurrent
 * callers on any number of instances exactly one gets OK. The key holds no identifying data
 * and expires with the window; its two session ids are sorted so the pair is unordered.
 */
@Injectable()
export class RedisPairClaims implements PairClaims {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async claim(sessionA: string, sessionB: string, cooldownSeconds: number): Promise<boolean> {
    const key = this.keys.pair(sessionA, sessionB);
    return (await redisOperation(() => this.redis.set(key, '1', 'EX', cooldownSeconds, 'NX'))) === 'OK';
  }

  async release(sessionA: string, sessionB: string): Promise<void> {
    await redisOperation(() => this.redis.del(this.keys.pair(sessionA, sessionB)));
  }
}

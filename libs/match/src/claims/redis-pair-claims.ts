import { Injectable } from '@nestjs/common';
import { RedisKeys, rethrowRedisError } from '@sighej/shared';
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
    try {
      const reply = await this.redis.set(
        this.keys.pair(sessionA, sessionB),
        '1',
        'EX',
        cooldownSeconds,
        'NX',
      );
      return reply === 'OK';
    } catch (error) {
      return rethrowRedisError(error);
    }
  }

  async release(sessionA: string, sessionB: string): Promise<void> {
    try {
      await this.redis.del(this.keys.pair(sessionA, sessionB));
    } catch (error) {
      rethrowRedisError(error);
    }
  }
}

import { Injectable } from '@nestjs/common';
import { RedisKeys, redisOperation } from '@sighej/shared';
import Redis from 'ioredis';
import { parseStored, serialiseSpooled, SpooledBatch, StatsSpool } from './stats-spool';

/** The spool as one Redis hash (entry id → JSON), shared by every instance on the prefix. */
@Injectable()
export class RedisStatsSpool implements StatsSpool {
  readonly location: string;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.location = `Redis hash ${keys.statsSpool()}`;
  }

  async keep(entry: SpooledBatch): Promise<void> {
    await redisOperation(() => this.redis.hset(this.keys.statsSpool(), entry.id, serialiseSpooled(entry)));
  }

  async list(): Promise<{ entries: SpooledBatch[]; damaged: string[] }> {
    const stored = await redisOperation(() => this.redis.hgetall(this.keys.statsSpool()));
    return parseStored(Object.entries(stored));
  }

  async remove(id: string): Promise<void> {
    await redisOperation(() => this.redis.hdel(this.keys.statsSpool(), id));
  }
}

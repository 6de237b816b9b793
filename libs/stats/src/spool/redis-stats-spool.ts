import { Injectable } from '@nestjs/common';
import { Keyspace, RedisCommands, redisOperation } from '@sighej/shared';
import { parseStored, serialiseSpooled, SpooledBatch, StatsSpool } from './stats-spool';
import { StatsKeys } from './stats-keys';

/** The spool as one Redis hash (entry id → JSON), shared by every instance on the prefix. */
@Injectable()
export class RedisStatsSpool implements StatsSpool {
  readonly location: string;

  private readonly keys: StatsKeys;

  constructor(
    private readonly redis: RedisCommands,
    keyspace: Keyspace,
  ) {
    this.keys = new StatsKeys(keyspace);
    this.location = `Redis hash ${this.keys.spool()}`;
  }

  async keep(entry: SpooledBatch): Promise<void> {
    await redisOperation(() => this.redis.hset(this.keys.spool(), entry.id, serialiseSpooled(entry)));
  }

  async list(): Promise<{ entries: SpooledBatch[]; damaged: string[] }> {
    const stored = await redisOperation(() => this.redis.hgetall(this.keys.spool()));
    return parseStored(Object.entries(stored));
  }

  async remove(id: string): Promise<void> {
    await redisOperation(() => this.redis.hdel(this.keys.spool(), id));
  }
}

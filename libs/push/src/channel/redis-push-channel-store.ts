import { Injectable } from '@nestjs/common';
import { defineScript, Keyspace, RedisCommands, redisOperation } from '@sighej/shared';
import { decodePushChannel, PushChannel } from './push-channel';
import { PushChannelStore } from './push-channel-store';
import { PushKeys } from '../push-keys';

const REMOVE_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface WithChannelScripts {
  sighejRemovePushChannelIf(key: string, stored: string): Promise<number>;
}

/** One string per session in the session's slot, `PEXPIREAT` the session's expiry. */
@Injectable()
export class RedisPushChannelStore implements PushChannelStore {
  private readonly redis: RedisCommands & WithChannelScripts;

  private readonly keys: PushKeys;

  constructor(redis: RedisCommands, keyspace: Keyspace) {
    this.keys = new PushKeys(keyspace);
    defineScript(redis, 'sighejRemovePushChannelIf', 1, REMOVE_IF);
    this.redis = redis as RedisCommands & WithChannelScripts;
  }

  async save(sessionId: string, channel: PushChannel, expiresAt: number): Promise<void> {
    await redisOperation(() =>
      this.redis.set(this.keys.channel(sessionId), JSON.stringify(channel), 'PXAT', expiresAt),
    );
  }

  async find(sessionId: string): Promise<PushChannel | undefined> {
    const stored = await redisOperation(() => this.redis.get(this.keys.channel(sessionId)));
    return stored === null ? undefined : decodePushChannel(stored);
  }

  async remove(sessionId: string): Promise<void> {
    await redisOperation(() => this.redis.del(this.keys.channel(sessionId)));
  }

  async removeIf(sessionId: string, channel: PushChannel): Promise<boolean> {
    const removed = await redisOperation(() =>
      this.redis.sighejRemovePushChannelIf(this.keys.channel(sessionId), JSON.stringify(channel)),
    );
    return removed === 1;
  }
}

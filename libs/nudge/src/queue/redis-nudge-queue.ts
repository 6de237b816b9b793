import { Injectable } from '@nestjs/common';
import { RedisKeys, rethrowRedisError } from '@sighej/shared';
import Redis from 'ioredis';
import type { Nudge } from '../nudge';
import { NudgeQueue } from './nudge-queue';

// A hash per session: field `#` counts enqueues, every other field is a nudge id whose value
// is "<sequence> <frame>". Ack is one HDEL by id; the sequence gives the order on replay.
// One key, so the script is valid on Redis Cluster.
const ENQUEUE = `
local sequence = redis.call('HINCRBY', KEYS[1], '#', 1)
redis.call('HSET', KEYS[1], ARGV[1], sequence .. ' ' .. ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return sequence`;

const SEQUENCE_FIELD = '#';

@Injectable()
export class RedisNudgeQueue implements NudgeQueue {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async enqueue(sessionId: string, nudge: Nudge, expiresAt: number): Promise<void> {
    try {
      await this.redis.eval(ENQUEUE, 1, this.keys.pending(sessionId), nudge.id, nudge.frame, expiresAt);
    } catch (error) {
      rethrowRedisError(error);
    }
  }

  async pending(sessionId: string): Promise<Nudge[]> {
    let stored: Record<string, string>;
    try {
      stored = await this.redis.hgetall(this.keys.pending(sessionId));
    } catch (error) {
      return rethrowRedisError(error);
    }
    const entries: { sequence: number; nudge: Nudge }[] = [];
    for (const [id, value] of Object.entries(stored)) {
      if (id === SEQUENCE_FIELD) continue;
      const space = value.indexOf(' ');
      entries.push({ sequence: Number(value.slice(0, space)), nudge: { id, frame: value.slice(space + 1) } });
    }
    return entries.sort((a, b) => a.sequence - b.sequence).map((entry) => entry.nudge);
  }

  async ack(sessionId: string, nudgeId: string): Promise<boolean> {
    if (nudgeId === SEQUENCE_FIELD) return false;
    try {
      return (await this.redis.hdel(this.keys.pending(sessionId), nudgeId)) === 1;
    } catch (error) {
      return rethrowRedisError(error);
    }
  }

  async clear(sessionId: string): Promise<void> {
    try {
      await this.redis.del(this.keys.pending(sessionId));
    } catch (error) {
      rethrowRedisError(error);
    }
  }
}

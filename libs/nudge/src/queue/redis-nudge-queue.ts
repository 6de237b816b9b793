import { Injectable } from '@nestjs/common';
import { defineScript, RedisKeys, redisOperation } from '@sighej/shared';
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

interface WithQueueScripts {
  sighejEnqueueNudge(queueKey: string, nudgeId: string, frame: string, expiresAt: number): Promise<number>;
}

@Injectable()
export class RedisNudgeQueue implements NudgeQueue {
  private readonly redis: Redis & WithQueueScripts;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    defineScript(redis, 'sighejEnqueueNudge', 1, ENQUEUE);
    this.redis = redis as Redis & WithQueueScripts;
  }

  async enqueue(sessionId: string, nudge: Nudge, expiresAt: number): Promise<void> {
    await redisOperation(() =>
      this.redis.sighejEnqueueNudge(this.keys.pending(sessionId), nudge.id, nudge.frame, expiresAt),
    );
  }

  async pending(sessionId: string): Promise<Nudge[]> {
    const stored = await redisOperation(() => this.redis.hgetall(this.keys.pending(sessionId)));
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
    return (await redisOperation(() => this.redis.hdel(this.keys.pending(sessionId), nudgeId))) === 1;
  }

  async clear(sessionId: string): Promise<void> {
    await redisOperation(() => this.redis.del(this.keys.pending(sessionId)));
  }
}

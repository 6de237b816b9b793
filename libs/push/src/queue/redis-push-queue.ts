import { Injectable } from '@nestjs/common';
import { defineScript, Keyspace, RedisCommands, redisOperation } from '@sighej/shared';
import { decodePushJob, encodePushJob, PushJob, PushQueue, TakenPushJob } from './push-queue';
import { PushKeys } from '../push-keys';

const GROUP = 'senders';
// KEYS[1] the sorted set of waiting jobs (score: due ms), KEYS[2] the stream of due ones; both
// in the `{push}` slot. ARGV: now ms, max. Moves what is due into the stream, oldest first.
const PROMOTE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  redis.call('XADD', KEYS[2], '*', 'job', member)
  redis.call('ZREM', KEYS[1], member)
end
return #due`;
// KEYS[1] the stream, KEYS[2] the waiting set. ARGV: group, entry id, then optionally due ms and the next job.
const FINISH = `
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if ARGV[3] then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4]) end
return 1`;

// KEYS[1] the nudge's claim (in its session's slot). ARGV: the claiming job's queuedAt, ttl ms.
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held then return held == ARGV[1] and 1 or 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

type StreamEntry = [id: string, fields: string[] | null];

interface WithPushScripts {
  sighejPromotePush(due: string, jobs: string, now: number, max: number): Promise<number>;
  sighejClaimPush(claim: string, queuedAt: number, ttlMs: number): Promise<number>;
  sighejFinishPush(
    jobs: string,
    due: string,
    group: string,
    id: string,
    ...next: (string | number)[]
  ): Promise<number>;
}

/**
 * Redis Streams with one consumer group that every instance reads (`XREADGROUP`); an entry
 * an instance took and never acknowledged (it died) is claimed by another after
 * `reclaimAfterMs` (`XAUTOCLAIM`); `XACK` + `XDEL` when done, so the stream stays short. Jobs
 * not due yet wait in a sorted set in the same slot and are moved into the stream when due.
 */
@Injectable()
export class RedisPushQueue implements PushQueue {
  private readonly redis: RedisCommands & WithPushScripts;
  private groupReady: Promise<void> | undefined;

  private readonly keys: PushKeys;

  constructor(redis: RedisCommands, keyspace: Keyspace) {
    this.keys = new PushKeys(keyspace);
    defineScript(redis, 'sighejPromotePush', 2, PROMOTE);
    defineScript(redis, 'sighejFinishPush', 2, FINISH);
    defineScript(redis, 'sighejClaimPush', 1, CLAIM);
    this.redis = redis as RedisCommands & WithPushScripts;
  }

  async schedule(job: PushJob, dueAt: number): Promise<void> {
    await redisOperation(() => this.redis.zadd(this.keys.due(), dueAt, encodePushJob(job)));
  }

  async take(
    consumer: string,
    max: number,
    reclaimAfterMs: number,
    now = Date.now(),
  ): Promise<TakenPushJob[]> {
    await this.ensureGroup();
    await redisOperation(() => this.redis.sighejPromotePush(this.keys.due(), this.keys.jobs(), now, max));
    try {
      return await this.read(consumer, max, reclaimAfterMs);
    } catch (error) {
      // Redis came back without its data: the group went with the stream. Made again next time.
      if (String(error).includes('NOGROUP')) this.groupReady = undefined;
      throw error;
    }
  }

  async claim(job: PushJob, ttlMs: number): Promise<boolean> {
    const claimed = await redisOperation(() =>
      this.redis.sighejClaimPush(
        this.keys.claim(job.sessionId, job.nudgeId),
        job.queuedAt,
        Math.max(1, Math.ceil(ttlMs)),
      ),
    );
    return claimed === 1;
  }

  async finish(taken: TakenPushJob): Promise<void> {
    await redisOperation(() =>
      this.redis.sighejFinishPush(this.keys.jobs(), this.keys.due(), GROUP, taken.receipt),
    );
  }

  async reschedule(taken: TakenPushJob, next: PushJob, dueAt: number): Promise<void> {
    await redisOperation(() =>
      this.redis.sighejFinishPush(
        this.keys.jobs(),
        this.keys.due(),
        GROUP,
        taken.receipt,
        dueAt,
        encodePushJob(next),
      ),
    );
  }

  private async read(consumer: string, max: number, reclaimAfterMs: number): Promise<TakenPushJob[]> {
    const stream = this.keys.jobs();
    const fresh = await redisOperation(
      () =>
        this.redis.xreadgroup('GROUP', GROUP, consumer, 'COUNT', max, 'STREAMS', stream, '>') as Promise<
          [string, StreamEntry[]][] | null
        >,
    );
    const entries = fresh?.[0]?.[1] ?? [];
    if (entries.length < max) {
      const claimed = (await redisOperation(() =>
        this.redis.xautoclaim(stream, GROUP, consumer, reclaimAfterMs, '0-0', 'COUNT', max - entries.length),
      )) as [string, StreamEntry[]];
      entries.push(...claimed[1]);
    }
    return entries.flatMap(([receipt, fields]) => {
      const job = fields === null ? undefined : decodePushJob(fields[1] ?? '');
      return job === undefined ? [] : [{ job, receipt }];
    });
  }

  private ensureGroup(): Promise<void> {
    this.groupReady ??= redisOperation(() =>
      this.redis.xgroup('CREATE', this.keys.jobs(), GROUP, '0', 'MKSTREAM'),
    ).then(
      () => undefined,
      (error: unknown) => {
        if (String(error).includes('BUSYGROUP')) return;
        this.groupReady = undefined;
        throw error;
      },
    );
    return this.groupReady;
  }
}

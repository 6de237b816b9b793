import { Injectable } from '@nestjs/common';
import { Keyspace, RedisCommands, redisOperation } from '@sighej/shared';
import {
  LoggedOutcome,
  MINUTE_MS,
  MINUTES_PER_HOUR,
  PushOutcomeLog,
  PushOutcomesLastHour,
} from './push-outcome-log';
import { PushKeys } from '../push-keys';

/** One small hash per minute in the `{push}` slot (`sent`, `failed`), expiring an hour after its minute. */
@Injectable()
export class RedisPushOutcomeLog implements PushOutcomeLog {
  private readonly keys: PushKeys;

  constructor(
    private readonly redis: RedisCommands,
    keyspace: Keyspace,
  ) {
    this.keys = new PushKeys(keyspace);
  }

  async record(outcome: LoggedOutcome, now = Date.now()): Promise<void> {
    const minute = Math.floor(now / MINUTE_MS);
    const key = this.keys.outcomes(minute);
    await redisOperation(() =>
      this.redis
        .multi()
        .hincrby(key, outcome, 1)
        .pexpireat(key, (minute + MINUTES_PER_HOUR + 1) * MINUTE_MS)
        .exec(),
    );
  }

  async lastHour(now = Date.now()): Promise<PushOutcomesLastHour> {
    const minute = Math.floor(now / MINUTE_MS);
    const pipeline = this.redis.pipeline();
    for (let at = minute - MINUTES_PER_HOUR + 1; at <= minute; at += 1)
      pipeline.hmget(this.keys.outcomes(at), 'sent', 'failed');
    const replies = (await redisOperation(() => pipeline.exec())) ?? [];
    const total = { sent: 0, failed: 0 };
    for (const [error, counts] of replies) {
      if (error !== null) throw error;
      const [sent, failed] = counts as (string | null)[];
      total.sent += Number(sent ?? 0);
      total.failed += Number(failed ?? 0);
    }
    return total;
  }
}

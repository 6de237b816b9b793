import { Injectable } from '@nestjs/common';
import {
  LoggedOutcome,
  MINUTE_MS,
  MINUTES_PER_HOUR,
  PushOutcomeLog,
  PushOutcomesLastHour,
} from './push-outcome-log';

/** Embedded mode: the per-minute counts in process. */
@Injectable()
export class InMemoryPushOutcomeLog implements PushOutcomeLog {
  private readonly minutes = new Map<number, PushOutcomesLastHour>();

  record(outcome: LoggedOutcome, now = Date.now()): Promise<void> {
    const minute = Math.floor(now / MINUTE_MS);
    const counts = this.minutes.get(minute) ?? { sent: 0, failed: 0 };
    counts[outcome] += 1;
    this.minutes.set(minute, counts);
    for (const old of this.minutes.keys()) if (old <= minute - MINUTES_PER_HOUR) this.minutes.delete(old);
    return Promise.resolve();
  }

  lastHour(now = Date.now()): Promise<PushOutcomesLastHour> {
    const minute = Math.floor(now / MINUTE_MS);
    const total = { sent: 0, failed: 0 };
    for (const [at, counts] of this.minutes)
      if (at > minute - MINUTES_PER_HOUR) {
        total.sent += counts.sent;
        total.failed += counts.failed;
      }
    return Promise.resolve(total);
  }
}

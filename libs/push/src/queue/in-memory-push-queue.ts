import { Injectable } from '@nestjs/common';
import { encodePushJob, PushJob, PushQueue, TakenPushJob } from './push-queue';

interface Held {
  job: PushJob;
  consumer: string;
  takenAt: number;
}

/** Embedded mode: the same queue in process (one instance, so reclaiming only guards against a lost hold). */
@Injectable()
export class InMemoryPushQueue implements PushQueue {
  private readonly waiting = new Map<string, { job: PushJob; dueAt: number }>();
  private readonly held = new Map<string, Held>();
  private readonly claims = new Map<string, { queuedAt: number; until: number }>();
  private receipts = 0;

  schedule(job: PushJob, dueAt: number): Promise<void> {
    this.waiting.set(encodePushJob(job), { job, dueAt });
    return Promise.resolve();
  }

  take(consumer: string, max: number, reclaimAfterMs: number, now = Date.now()): Promise<TakenPushJob[]> {
    const taken: TakenPushJob[] = [];
    const due = [...this.waiting.entries()].filter(([, { dueAt }]) => dueAt <= now);
    due.sort(([, a], [, b]) => a.dueAt - b.dueAt);
    for (const [member, { job }] of due.slice(0, max)) {
      this.waiting.delete(member);
      const receipt = String(++this.receipts);
      this.held.set(receipt, { job, consumer, takenAt: now });
      taken.push({ job, receipt });
    }
    for (const [receipt, hold] of this.held) {
      if (taken.length >= max) break;
      if (now - hold.takenAt < reclaimAfterMs) continue;
      this.held.set(receipt, { ...hold, consumer, takenAt: now });
      taken.push({ job: hold.job, receipt });
    }
    return Promise.resolve(taken);
  }

  claim(job: PushJob, ttlMs: number): Promise<boolean> {
    const key = `${job.sessionId}:${job.nudgeId}`;
    const now = Date.now();
    const held = this.claims.get(key);
    if (held !== undefined && held.until > now) return Promise.resolve(held.queuedAt === job.queuedAt);
    for (const [other, { until }] of this.claims) if (until <= now) this.claims.delete(other);
    this.claims.set(key, { queuedAt: job.queuedAt, until: now + ttlMs });
    return Promise.resolve(true);
  }

  finish(taken: TakenPushJob): Promise<void> {
    this.held.delete(taken.receipt);
    return Promise.resolve();
  }

  async reschedule(taken: TakenPushJob, next: PushJob, dueAt: number): Promise<void> {
    await this.finish(taken);
    await this.schedule(next, dueAt);
  }
}

import { Injectable } from '@nestjs/common';
import type { Enqueued, Nudge, PendingLimits } from '../nudge';
import { NudgeQueue, PendingNudges } from './nudge-queue';

interface Queue {
  /** Insertion-ordered: a Map iterates oldest first. */
  readonly nudges: Map<string, { frame: string; at: number }>;
  expiresAt: number;
}

/** Embedded mode. Expires on access, like Redis. */
@Injectable()
export class InMemoryNudgeQueue implements NudgeQueue {
  private readonly queues = new Map<string, Queue>();
  private enqueued = 0;

  enqueue(
    sessionId: string,
    nudge: Nudge,
    expiresAt: number,
    { max, maxAgeMs }: PendingLimits,
    now = Date.now(),
  ): Promise<Enqueued> {
    const queue = this.get(sessionId) ?? {
      nudges: new Map<string, { frame: string; at: number }>(),
      expiresAt,
    };
    const age = dropOlder(queue, now - maxAgeMs);
    if (queue.nudges.has(nudge.id)) return Promise.resolve({ cap: 0, age, queued: false });
    queue.nudges.set(nudge.id, { frame: nudge.frame, at: now });
    let cap = 0;
    for (const id of queue.nudges.keys()) {
      if (queue.nudges.size <= max) break;
      queue.nudges.delete(id);
      cap += 1;
    }
    queue.expiresAt = expiresAt;
    this.queues.set(sessionId, queue);
    // Sessions that never come back would otherwise keep their queue until the process ends.
    if (++this.enqueued % 1024 === 0) this.forgetExpired();
    return Promise.resolve({ cap, age, queued: true });
  }

  pending(sessionId: string, maxAgeMs: number, now = Date.now()): Promise<PendingNudges> {
    const queue = this.get(sessionId);
    if (queue === undefined) return Promise.resolve({ nudges: [], expired: 0 });
    const expired = dropOlder(queue, now - maxAgeMs);
    const nudges = [...queue.nudges].map(([id, { frame }]) => ({ id, frame }));
    return Promise.resolve({ nudges, expired });
  }

  ack(sessionId: string, nudgeId: string): Promise<boolean> {
    return Promise.resolve(this.get(sessionId)?.nudges.delete(nudgeId) ?? false);
  }

  clear(sessionId: string): Promise<void> {
    this.queues.delete(sessionId);
    return Promise.resolve();
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [id, queue] of this.queues) if (queue.expiresAt <= now) this.queues.delete(id);
  }

  private get(sessionId: string): Queue | undefined {
    const queue = this.queues.get(sessionId);
    if (queue !== undefined && queue.expiresAt <= Date.now()) {
      this.queues.delete(sessionId);
      return undefined;
    }
    return queue;
  }
}

/** Drops the nudges queued at or before `cutoff` (they are the oldest); returns how many. */
function dropOlder(queue: Queue, cutoff: number): number {
  let dropped = 0;
  for (const [id, { at }] of queue.nudges) {
    if (at > cutoff) break;
    queue.nudges.delete(id);
    dropped += 1;
  }
  return dropped;
}

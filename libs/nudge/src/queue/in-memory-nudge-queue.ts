import { Injectable } from '@nestjs/common';
import { ExpiringMap } from '@sighej/shared';
import type { Enqueued, Nudge, PendingLimits } from '../nudge';
import { NudgeQueue, PendingNudges } from './nudge-queue';

/** Insertion-ordered: a Map iterates oldest first. */
type Queue = Map<string, { frame: string; at: number }>;

/** Embedded mode. Expires like Redis. */
@Injectable()
export class InMemoryNudgeQueue implements NudgeQueue {
  private readonly queues = new ExpiringMap<Queue>();

  enqueue(
    sessionId: string,
    nudge: Nudge,
    expiresAt: number,
    { max, maxAgeMs }: PendingLimits,
    now = Date.now(),
  ): Promise<Enqueued> {
    const queue: Queue = this.queues.get(sessionId) ?? new Map<string, { frame: string; at: number }>();
    const age = dropOlder(queue, now - maxAgeMs);
    if (queue.has(nudge.id)) return Promise.resolve({ cap: 0, age, queued: false });
    queue.set(nudge.id, { frame: nudge.frame, at: now });
    let cap = 0;
    for (const id of queue.keys()) {
      if (queue.size <= max) break;
      queue.delete(id);
      cap += 1;
    }
    this.queues.set(sessionId, queue, expiresAt);
    return Promise.resolve({ cap, age, queued: true });
  }

  pending(sessionId: string, maxAgeMs: number, now = Date.now()): Promise<PendingNudges> {
    const queue = this.queues.get(sessionId);
    if (queue === undefined) return Promise.resolve({ nudges: [], expired: 0 });
    const expired = dropOlder(queue, now - maxAgeMs);
    const nudges = [...queue].map(([id, { frame }]) => ({ id, frame }));
    return Promise.resolve({ nudges, expired });
  }

  ack(sessionId: string, nudgeId: string): Promise<boolean> {
    return Promise.resolve(this.queues.get(sessionId)?.delete(nudgeId) ?? false);
  }

  clear(sessionId: string): Promise<void> {
    this.queues.delete(sessionId);
    return Promise.resolve();
  }
}

/** Drops the nudges queued at or before `cutoff` (they are the oldest); returns how many. */
function dropOlder(queue: Queue, cutoff: number): number {
  let dropped = 0;
  for (const [id, { at }] of queue) {
    if (at > cutoff) break;
    queue.delete(id);
    dropped += 1;
  }
  return dropped;
}

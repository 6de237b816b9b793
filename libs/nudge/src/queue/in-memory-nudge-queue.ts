import { Injectable } from '@nestjs/common';
import type { Nudge } from '../nudge';
import { NudgeQueue } from './nudge-queue';

interface Queue {
  /** Insertion-ordered: a Map iterates oldest first. */
  readonly nudges: Map<string, string>;
  expiresAt: number;
}

/** Embedded mode. Expires on access, like Redis. */
@Injectable()
export class InMemoryNudgeQueue implements NudgeQueue {
  private readonly queues = new Map<string, Queue>();
  private enqueued = 0;

  enqueue(sessionId: string, nudge: Nudge, expiresAt: number): Promise<void> {
    const queue = this.get(sessionId) ?? { nudges: new Map<string, string>(), expiresAt };
    queue.nudges.set(nudge.id, nudge.frame);
    queue.expiresAt = expiresAt;
    this.queues.set(sessionId, queue);
    // Sessions that never come back would otherwise keep their queue until the process ends.
    if (++this.enqueued % 1024 === 0) this.forgetExpired();
    return Promise.resolve();
  }

  pending(sessionId: string): Promise<Nudge[]> {
    const nudges = this.get(sessionId)?.nudges ?? new Map<string, string>();
    return Promise.resolve([...nudges].map(([id, frame]) => ({ id, frame })));
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

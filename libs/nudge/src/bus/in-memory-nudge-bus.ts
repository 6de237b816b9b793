import { Injectable } from '@nestjs/common';
import type { BusMessage } from './bus-message';
import { BusListener, NudgeBus } from './nudge-bus';

/**
 * Embedded mode: one process, so "the instance holding the socket" is this one. Delivery is
 * asynchronous and in publish order, like Redis, so callers cannot come to rely on a
 * synchronous callback that the Redis adapter would not give them.
 */
@Injectable()
export class InMemoryNudgeBus implements NudgeBus {
  private listener: BusListener = () => undefined;
  private readonly subscribed = new Set<string>();

  listen(listener: BusListener): void {
    this.listener = listener;
  }

  onGap(): void {
    // One process: nothing travels over a connection, so nothing can be missed.
  }

  onLost(): void {
    // Nor can a subscription be lost.
  }

  get unsubscribed(): number {
    return 0;
  }

  subscribe(sessionId: string): Promise<void> {
    this.subscribed.add(sessionId);
    return Promise.resolve();
  }

  unsubscribe(sessionId: string): Promise<void> {
    this.subscribed.delete(sessionId);
    return Promise.resolve();
  }

  hasSubscriber(sessionId: string): Promise<boolean> {
    return Promise.resolve(this.subscribed.has(sessionId));
  }

  publish(sessionId: string, message: BusMessage): Promise<void> {
    // Like Redis, only sessions subscribed at publish time receive the message.
    if (this.subscribed.has(sessionId)) setImmediate(() => this.listener(sessionId, message));
    return Promise.resolve();
  }
}

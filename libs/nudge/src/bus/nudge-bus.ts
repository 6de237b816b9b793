import type { BusMessage } from './bus-message';

export type BusListener = (sessionId: string, message: BusMessage) => void;

/**
 * Addressed fan-out between instances: a message published for a session reaches only the
 * instances subscribed to that session (the one holding its socket), in publish order.
 * One listener per instance keeps per-socket memory to the subscription itself.
 */
export abstract class NudgeBus {
  /** Sets the instance's single listener for every subscribed session. */
  abstract listen(listener: BusListener): void;
  /**
   * Called whenever messages may have been missed: the subscriptions were re-established
   * after a broken connection. Pending queues still hold every nudge, so the caller resyncs.
   */
  abstract onGap(listener: () => void): void;
  /** Resolves once messages published from now on are delivered. Idempotent. */
  abstract subscribe(sessionId: string): Promise<void>;
  abstract unsubscribe(sessionId: string): Promise<void>;
  abstract publish(sessionId: string, message: BusMessage): Promise<void>;
  /** Whether some instance is subscribed to the session (holds its socket) right now. */
  abstract hasSubscriber(sessionId: string): Promise<boolean>;
}

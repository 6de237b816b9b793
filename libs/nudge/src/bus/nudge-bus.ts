import type { BusMessage } from './bus-message';

export type BusListener = (sessionId: string, message: BusMessage) => void;
export type SessionsListener = (sessionIds: readonly string[]) => void;

/**
 * Addressed fan-out between instances: a message published for a session reaches only the
 * instances subscribed to that session (the one holding its socket), in publish order.
 * One listener per instance keeps per-socket memory to the subscription itself.
 */
export abstract class NudgeBus {
  /** Sets the instance's single listener for every subscribed session. */
  abstract listen(listener: BusListener): void;
  /**
   * Called with the sessions whose messages may have been missed: their subscriptions were
   * re-established after a broken connection or a topology change. Pending queues still hold
   * every nudge, so the caller resyncs those sockets.
   */
  abstract onGap(listener: SessionsListener): void;
  /** Called with the sessions whose subscription could not be re-established (their sockets must close). */
  abstract onLost(listener: SessionsListener): void;
  /** Subscribed sessions not confirmed subscribed right now (0 normally). */
  abstract get unsubscribed(): number;
  /** Resolves once messages published from now on are delivered. Idempotent. */
  abstract subscribe(sessionId: string): Promise<void>;
  abstract unsubscribe(sessionId: string): Promise<void>;
  abstract publish(sessionId: string, message: BusMessage): Promise<void>;
  /** Whether some instance is subscribed to the session (holds its socket) right now. */
  abstract hasSubscriber(sessionId: string): Promise<boolean>;
}

import type { PushChannel, PushProvider } from '../channel/push-channel';

/** What one push carries: the nudge frame (encrypted by the sender), its lifetime and collapse key. */
export interface PushMessage {
  frame: string;
  /** Whole seconds the provider may keep it: never more than the nudge's remaining age. */
  ttlSeconds: number;
  /** The session's: a pocket holds one notification. */
  collapseKey: string;
}

/**
 * How a provider answered: `sent`; `gone` (the device is unregistered: drop the channel);
 * `retry` (throttled, unavailable or no answer: try again, not before `retryAfterMs` when the
 * provider said so); `rejected` (the request itself is wrong: retrying cannot help).
 */
export type PushResult =
  | { outcome: 'sent' }
  | { outcome: 'gone' }
  | { outcome: 'retry'; retryAfterMs?: number; reason: string }
  | { outcome: 'rejected'; reason: string };

/** One provider's protocol. Never throws: every failure is a `PushResult`. */
export abstract class PushSender {
  abstract readonly provider: PushProvider;
  abstract send(channel: PushChannel, message: PushMessage): Promise<PushResult>;
  /** Lets go of connections (shutdown). */
  abstract close(): void;
}

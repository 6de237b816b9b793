import { SessionEndReason } from './frames';

/** A nudge as the app sees it: once per `nudgeId`, however often the server replays it. */
export interface ReceivedNudge {
  nudgeId: string;
  /** The partner's BLE token as this phone saw it (undefined from servers that do not send it). */
  token: string | undefined;
  /** True when an earlier nudge named the same partner token: the app may skip showing it. */
  repeat: boolean;
  sharedInterests: string[];
  message: string;
  sentAt: string;
}

export type SocketState =
  | { state: 'connecting' }
  | { state: 'open' }
  /** `pause()`: closed while the app is in the background, until `start()`. */
  | { state: 'paused' }
  | { state: 'waiting'; delayMs: number; after: number | 'refused' }
  | { state: 'closed'; reason: 'ended' | 'replaced' | 'stopped' | 'gave_up' };

export interface SocketEvents {
  nudge: ReceivedNudge;
  session_ended: { reason: SessionEndReason };
  state: SocketState;
}

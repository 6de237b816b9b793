import { parseJsonRecord } from '@sighej/shared';

/** What travels on a session's channel between instances. */
export type BusMessage =
  /** A nudge for the session's socket (it is also in the session's pending queue). */
  | { t: 'nudge'; id: string; frame: string }
  /** A new socket opened for the session (`by` is its connection id); older ones close with 4002. */
  | { t: 'replaced'; by: string }
  /** The session ended; its socket gets `session_ended` and closes with 4001. */
  | { t: 'ended'; reason: 'deleted' | 'expired' };

/** Parses a message from the wire; undefined for anything that is not one (never throws). */
export function parseBusMessage(text: string): BusMessage | undefined {
  const message = parseJsonRecord(text);
  if (message === undefined) return undefined;
  if (message.t === 'nudge' && typeof message.id === 'string' && typeof message.frame === 'string')
    return { t: 'nudge', id: message.id, frame: message.frame };
  if (message.t === 'replaced' && typeof message.by === 'string') return { t: 'replaced', by: message.by };
  if (message.t === 'ended' && (message.reason === 'deleted' || message.reason === 'expired'))
    return { t: 'ended', reason: message.reason };
  return undefined;
}

import type { Nudge } from '../nudge';
import type WebSocket from 'ws';

/** What the owner of a connection does when the connection's socket or timer fires. */
export interface ConnectionOwner {
  received(connection: Connection, data: WebSocket.RawData, isBinary: boolean): void;
  expire(connection: Connection): void;
}

/**
 * One open socket's state, kept small on purpose (a venue holds thousands of idle sockets):
 * no closures, one timer. The socket's listeners are shared functions that find this object
 * through the socket.
 */
export class Connection {
  /** Cleared at each ping, set again by the pong. */
  alive = true;
  /** This connection has seen its own "replaced" announcement on the session channel. */
  announced = false;
  /** Live nudges that arrived while pending ones were being replayed; undefined once replay is done. */
  held: Nudge[] | undefined = [];
  expiry: NodeJS.Timeout | undefined;
  /**
   * Ids of the nudges this connection already sent, newest last (created on the first send,
   * bounded): a replay after a Redis blink skips them, so one connection never gets a nudge twice.
   */
  sent: Set<string> | undefined;

  constructor(
    readonly socket: WebSocket,
    readonly sessionId: string,
    /** Unique across instances: `<instance>.<sequence>`. */
    readonly id: string,
    readonly owner: ConnectionOwner,
  ) {}

  /** Remembers that `nudgeId` went out on this connection. */
  markSent(nudgeId: string): void {
    const sent = (this.sent ??= new Set<string>());
    sent.add(nudgeId);
    // Older ids cannot come back: the pending queue holds at most NUDGE_PENDING_MAX nudges.
    if (sent.size > SENT_IDS_KEPT) sent.delete(sent.values().next().value as string);
  }

  hasSent(nudgeId: string): boolean {
    return this.sent?.has(nudgeId) ?? false;
  }
}

const SENT_IDS_KEPT = 1024;

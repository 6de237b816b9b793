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

  constructor(
    readonly socket: WebSocket,
    readonly sessionId: string,
    /** Unique across instances: `<instance>.<sequence>`. */
    readonly id: string,
    readonly owner: ConnectionOwner,
  ) {}
}

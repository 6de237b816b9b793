import type WebSocket from 'ws';
import type { Connection } from './connection';

const CONNECTION = Symbol('nudgeConnection');
type TaggedSocket = WebSocket & { [CONNECTION]?: Connection };

// Shared listeners (one function for every socket) instead of closures per socket: they
// find the socket's Connection through a symbol on the socket.
function onMessage(this: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
  const connection = (this as TaggedSocket)[CONNECTION];
  connection?.owner.received(connection, data, isBinary);
}

function onPong(this: WebSocket): void {
  const connection = (this as TaggedSocket)[CONNECTION];
  if (connection !== undefined) connection.alive = true;
}

/** The timer callback for a session's expiry (setTimeout passes the connection). */
export function onExpiry(connection: Connection): void {
  connection.owner.expire(connection);
}

/** Links a socket to its connection and listens for client frames and pongs. */
export function attach(socket: WebSocket, connection: Connection): void {
  (socket as TaggedSocket)[CONNECTION] = connection;
  socket.on('message', onMessage);
  socket.on('pong', onPong);
}

export function connectionOf(socket: WebSocket): Connection | undefined {
  return (socket as TaggedSocket)[CONNECTION];
}

import { OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import type { Session } from '@sighej/session';
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import { NudgeConnections } from './socket/nudge-connections';

/** Largest client frame accepted (an ack is ~70 bytes); larger ones close the socket with 1009. */
export const MAX_CLIENT_FRAME_BYTES = 16 * 1024;

/**
 * `/ws/{ble_token}`. NudgeWsAdapter routes the path and authenticates the upgrade before a
 * socket exists, then hands over the admitted session. Compression is off: nudges are tiny
 * and a deflate context costs tens of KB per socket.
 */
@WebSocketGateway({ path: '/ws/:ble_token', perMessageDeflate: false, maxPayload: MAX_CLIENT_FRAME_BYTES })
export class NudgeGateway implements OnGatewayConnection<WebSocket>, OnGatewayDisconnect<WebSocket> {
  constructor(private readonly connections: NudgeConnections) {}

  handleConnection(socket: WebSocket, _request: IncomingMessage, session: Session): void {
    void this.connections.open(socket, session);
  }

  handleDisconnect(socket: WebSocket): void {
    this.connections.closed(socket);
  }
}

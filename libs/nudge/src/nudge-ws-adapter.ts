import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import { isBleToken, malformedBleToken, type Session } from '@sighej/session';
import { bearerToken, ErrorBody, rawErrorResponse } from '@sighej/shared';
import { DomainError, InvalidRequestError } from '@sighej/shared';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { match, MatchFunction } from 'path-to-regexp';
import WebSocket, { WebSocketServer } from 'ws';
import { CloseCode } from './socket/close-codes';
import { NudgeConnections } from './socket/nudge-connections';

interface Route {
  server: WebSocketServer;
  matches: MatchFunction<{ ble_token?: string }>;
}

// Statuses come from the app's error mapping, like every REST error.
const NOT_FOUND = new DomainError('not_found', 'No WebSocket endpoint at this path');
const MALFORMED = new InvalidRequestError('Malformed upgrade request');
const MALFORMED_TOKEN = new InvalidRequestError(malformedBleToken('ble_token'));

/** Answers an upgrade with a plain HTTP error: no socket ever opens. */
function refuse(socket: Duplex, body: ErrorBody, error?: unknown, tokenPresented = false): void {
  if (!socket.destroyed) socket.end(rawErrorResponse(body, error, tokenPresented));
}

function ignoreSocketError(): void {
  // A client that vanishes during the handshake is not the server's problem.
}

/**
 * The stock WsAdapter matches gateway paths exactly and cannot refuse an upgrade with a
 * status (Nest issues #882, #15238). This one routes `/ws/:ble_token`, takes the access
 * token from `Authorization: Bearer` or `?access_token=`, and lets NudgeConnections admit the
 * session before the handshake completes: a refusal is a plain HTTP 401 (or 404, 503, 429)
 * with the REST error body.
 */
export class NudgeWsAdapter extends WsAdapter {
  private readonly routes: Route[] = [];
  private connections: NudgeConnections | undefined;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly errorBody: (error: unknown) => ErrorBody,
  ) {
    super(app);
  }

  // Sockets get one shared message listener from NudgeConnections instead of Nest's per-socket
  // rxjs pipeline: the channel has a single client frame type and idle sockets must stay small.
  override bindMessageHandlers(): void {}

  override async close(server: WebSocketServer): Promise<void> {
    for (const client of server.clients)
      if (client.readyState === WebSocket.OPEN) client.close(CloseCode.goingAway, 'server shutting down');
    await super.close(server);
  }

  protected override addWsServerToRegistry<T extends Record<'path', string>>(
    wsServer: T,
    port: number,
    path: string,
  ): void {
    super.addWsServerToRegistry(wsServer, port, path);
    this.routes.push({
      server: wsServer as unknown as WebSocketServer,
      matches: match<{ ble_token?: string }>(path, { decode: decodeURIComponent }),
    });
  }

  protected override ensureHttpServerExists(
    port: number,
    httpServer: http.Server = http.createServer(),
  ): http.Server | undefined {
    if (this.httpServersRegistry.has(port)) return undefined;
    this.httpServersRegistry.set(port, httpServer);
    httpServer.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', ignoreSocketError);
      void this.upgrade(request, socket, head);
    });
    return httpServer;
  }

  private async upgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://upgrade.invalid');
    } catch {
      return refuse(socket, this.errorBody(MALFORMED));
    }
    let route: Route | undefined;
    let bleToken: string | undefined;
    for (const candidate of this.routes) {
      let found: ReturnType<Route['matches']>;
      try {
        found = candidate.matches(url.pathname);
      } catch {
        return refuse(socket, this.errorBody(MALFORMED)); // e.g. a malformed %-escape
      }
      if (found !== false) {
        route = candidate;
        bleToken = found.params.ble_token;
        break;
      }
    }
    if (route === undefined || bleToken === undefined) return refuse(socket, this.errorBody(NOT_FOUND));
    // A path that cannot name a session is 400, as on every REST path (no lookup: nothing to learn).
    if (!isBleToken(bleToken)) return refuse(socket, this.errorBody(MALFORMED_TOKEN));

    const accessToken =
      bearerToken(request.headers.authorization) ?? url.searchParams.get('access_token') ?? undefined;
    let session: Session;
    try {
      this.connections ??= this.app.get<NudgeConnections>(NudgeConnections, { strict: false });
      session = await this.connections.admit(bleToken, accessToken);
    } catch (error) {
      return refuse(socket, this.errorBody(error), error, accessToken !== undefined);
    }
    if (socket.destroyed) return;
    const server = route.server;
    server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request, session));
  }
}

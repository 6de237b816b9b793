import { parseRetryAfter } from './http-error';
import { SocketTransport } from './transport';

interface WsIncomingMessage {
  statusCode?: number;
  headers: Record<string, string | string[] | undefined>;
}

/** The part of the `ws` package's WebSocket class this transport uses (no import: `ws` stays optional). */
export interface WsSocket {
  on(event: 'open', listener: () => void): unknown;
  on(event: 'message', listener: (data: unknown, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: (code: number, reason: { toString(): string }) => void): unknown;
  on(
    event: 'unexpected-response',
    listener: (request: unknown, response: WsIncomingMessage) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  readonly readyState: number;
}

export type WsConstructor = new (
  url: string,
  options: { headers: Record<string, string>; perMessageDeflate: boolean },
) => WsSocket;

const OPEN = 1;

/**
 * The transport for Node (`import WebSocket from 'ws'`): the access token travels in the
 * Authorization header, and a refused upgrade reports its HTTP status (401 = session gone).
 */
export function wsTransport(WebSocket: WsConstructor): SocketTransport {
  return (url, accessToken, handlers) => {
    const socket = new WebSocket(url, {
      headers: { Authorization: `Bearer ${accessToken}` },
      perMessageDeflate: false,
    });
    let refused = false;
    socket.on('open', () => handlers.open());
    socket.on('message', (data, isBinary) => {
      if (!isBinary) handlers.message(String(data));
    });
    socket.on('unexpected-response', (_request, response) => {
      refused = true;
      const retryAfter = response.headers['retry-after'];
      handlers.refused(
        response.statusCode ?? 0,
        parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : null),
      );
      socket.terminate();
    });
    // Errors are always followed by 'close'; listening keeps them from being thrown.
    socket.on('error', () => undefined);
    socket.on('close', (code, reason) => {
      if (!refused) handlers.close(code, reason.toString());
    });
    return {
      send: (text) => {
        if (socket.readyState === OPEN) socket.send(text);
      },
      close: (code, reason) => socket.close(code, reason),
    };
  };
}

import { SocketTransport } from './transport';

interface WebSocketInstance {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: (() => void) | null;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

type WebSocketConstructor = new (url: string) => WebSocketInstance;

/**
 * The transport for browsers and React Native (the global `WebSocket`). Browsers cannot set
 * headers on an upgrade, so the access token travels as `?access_token=`, as the service allows.
 * A refused upgrade is only visible as a close with 1006.
 */
export function webSocketTransport(
  WebSocket: WebSocketConstructor = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ??
    missingWebSocket(),
): SocketTransport {
  return (url, accessToken, handlers) => {
    const socket = new WebSocket(`${url}?access_token=${encodeURIComponent(accessToken)}`);
    socket.onopen = () => handlers.open();
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') handlers.message(event.data);
    };
    socket.onerror = () => undefined;
    socket.onclose = (event) => handlers.close(event.code, event.reason);
    return {
      send: (text) => {
        if (socket.readyState === 1) socket.send(text);
      },
      close: (code, reason) => socket.close(code, reason),
    };
  };
}

function missingWebSocket(): never {
  throw new Error('No global WebSocket here: pass wsTransport(WebSocket) from the ws package');
}

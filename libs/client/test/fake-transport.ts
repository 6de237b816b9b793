import { SocketHandlers, SocketTransport } from '../src';

/** One connection attempt the client made through the fake transport. */
export interface FakeConnection {
  url: string;
  accessToken: string;
  handlers: SocketHandlers;
  sent: unknown[];
  closedByClient?: number;
  /** Server side: sends a frame as JSON text. */
  frame: (frame: object) => void;
}

/** A transport whose connections the test drives by hand: open, frames, close codes, refusals. */
export class FakeTransport {
  readonly connections: FakeConnection[] = [];

  readonly transport: SocketTransport = (url, accessToken, handlers) => {
    const connection: FakeConnection = {
      url,
      accessToken,
      handlers,
      sent: [],
      frame: (frame) => handlers.message(JSON.stringify(frame)),
    };
    this.connections.push(connection);
    return {
      send: (text) => connection.sent.push(JSON.parse(text)),
      close: (code) => {
        connection.closedByClient = code;
      },
    };
  };

  get last(): FakeConnection {
    return this.connections[this.connections.length - 1];
  }
}

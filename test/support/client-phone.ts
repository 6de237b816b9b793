import {
  ReceivedNudge,
  SighejClient,
  SighejSession,
  SocketConnection,
  SocketState,
  SocketTransport,
  wsTransport,
} from '@sighej/client';
import WebSocket from 'ws';

/** Polls `condition` until it holds, or fails with `what`. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A phone running the real client over a real `ws` socket, recording what its app sees, and able
 * to lose its acks in transit (the case that makes the server replay).
 */
export class ClientPhone {
  readonly nudges: ReceivedNudge[] = [];
  readonly states: SocketState[] = [];
  readonly ended: string[] = [];
  /** Every socket the client opened. */
  connections = 0;
  dropAcks = false;
  private constructor(readonly session: SighejSession) {}

  static async open(
    url: string,
    interests: string[],
    options: { dropAcks?: boolean } = {},
  ): Promise<ClientPhone> {
    // The transport counts sockets and drops acks for the phone being created right here.
    const link = {
      connections: 0,
      dropAcks: options.dropAcks ?? false,
      phone: undefined as ClientPhone | undefined,
    };
    const real = wsTransport(WebSocket);
    const transport: SocketTransport = (socketUrl, accessToken, handlers): SocketConnection => {
      const connection = real(socketUrl, accessToken, handlers);
      link.connections++;
      if (link.phone !== undefined) link.phone.connections = link.connections;
      return {
        send: (text) => {
          if (!(link.phone?.dropAcks ?? link.dropAcks)) connection.send(text);
        },
        close: (code, reason) => connection.close(code, reason),
      };
    };
    const client = new SighejClient({
      url,
      transport,
      backoff: { baseMs: 100, maxMs: 1000 },
      maxAttempts: 10,
      rotation: false,
    });
    const session = await client.createSession(interests);
    const phone = new ClientPhone(session);
    phone.connections = link.connections;
    phone.dropAcks = link.dropAcks;
    link.phone = phone;
    session.socket.on('nudge', (nudge) => phone.nudges.push(nudge));
    session.socket.on('state', (state) => phone.states.push(state));
    session.socket.on('session_ended', ({ reason }) => phone.ended.push(reason));
    return phone;
  }

  get open(): boolean {
    return this.states[this.states.length - 1]?.state === 'open';
  }

  opened(): Promise<void> {
    return eventually(() => this.open, 'the socket to open');
  }

  nudgeCount(count: number): Promise<void> {
    return eventually(() => this.nudges.length >= count, `${count} nudge(s), got ${this.nudges.length}`);
  }
}

/** Both phones report each other, as two phones in BLE range do; resolves with both answers. */
export async function meet(a: ClientPhone, b: ClientPhone): Promise<boolean[]> {
  const first = await a.session.reportSighting(b.session.bleToken);
  const second = await b.session.reportSighting(a.session.bleToken);
  return [first.nudge_sent, second.nudge_sent];
}

import { DEFAULT_BACKOFF } from './backoff';
import { ClientOptions } from './client-options';
import { HttpApi } from './http-api';
import { NudgeSocket } from './nudge-socket';
import { DEFAULT_ADVERTISING_PAUSE, DEFAULT_ROTATION } from './rotation-timer';
import { SighejSession } from './sighej-session';
import { SocketTransport } from './transport';
import { webSocketTransport } from './web-socket-transport';

/** The entry point of `@sighej/client`: one per app, one session per "open to talk" period. */
export class SighejClient {
  private readonly api: HttpApi;
  private readonly transport: SocketTransport;
  private readonly random: () => number;

  constructor(private readonly options: ClientOptions) {
    this.random = options.random ?? Math.random;
    const url = options.url.replace(/\/+$/, '');
    this.api = new HttpApi({
      baseUrl: url,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      maxAttempts: options.maxAttempts ?? 5,
      random: this.random,
    });
    this.transport = options.transport ?? webSocketTransport();
  }

  /**
   * Registers a session and opens its socket. The server chooses the BLE token to broadcast
   * (`session.bleToken`). Attach socket listeners right after the await. With `connect: false`
   * (an app started in the background) the socket opens at `session.socket.start()`.
   */
  async createSession(
    interests: readonly string[],
    { connect = true }: { connect?: boolean } = {},
  ): Promise<SighejSession> {
    const created = await this.api.createSession(interests);
    const session = new SighejSession({
      api: this.api,
      created,
      socket: (currentToken, rotating) => this.socket(currentToken, rotating, created.access_token),
      rotation: this.options.rotation ?? DEFAULT_ROTATION,
      advertisingPause: this.options.advertisingPause ?? DEFAULT_ADVERTISING_PAUSE,
      random: this.random,
    });
    if (connect) session.socket.start();
    return session;
  }

  private socket(currentToken: () => string, rotating: () => boolean, accessToken: string): NudgeSocket {
    return new NudgeSocket({
      wsBaseUrl: this.options.url.replace(/\/+$/, '').replace(/^http/, 'ws'),
      currentToken,
      rotating,
      accessToken,
      transport: this.transport,
      backoff: this.options.backoff ?? DEFAULT_BACKOFF,
      random: this.random,
    });
  }
}

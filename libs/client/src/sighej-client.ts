import { DEFAULT_BACKOFF } from './backoff';
import { randomBleToken } from './ble-token';
import { ClientOptions } from './client-options';
import { HttpApi } from './http-api';
import { SighejHttpError } from './http-error';
import { NudgeSocket } from './nudge-socket';
import { DEFAULT_ROTATION } from './rotation-timer';
import { SighejSession } from './sighej-session';
import { SocketTransport } from './transport';
import { webSocketTransport } from './web-socket-transport';

const TOKEN_ATTEMPTS = 5;

export interface CreateSessionOptions {
  /** The token to broadcast; by default a random one (and a new one if it is taken). */
  bleToken?: string;
}

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

  /** Registers a session and opens its socket. Attach socket listeners right after the await. */
  async createSession(
    interests: readonly string[],
    options: CreateSessionOptions = {},
  ): Promise<SighejSession> {
    for (let attempt = 1; ; attempt++) {
      const bleToken = options.bleToken ?? randomBleToken();
      try {
        const created = await this.api.createSession(bleToken, interests);
        const session = new SighejSession({
          api: this.api,
          created,
          bleToken,
          socket: (currentToken, rotating) => this.socket(currentToken, rotating, created.access_token),
          rotation: this.options.rotation ?? DEFAULT_ROTATION,
          random: this.random,
          tokenAttempts: TOKEN_ATTEMPTS,
        });
        session.socket.start();
        return session;
      } catch (error) {
        const taken = error instanceof SighejHttpError && error.status === 409;
        if (!taken || options.bleToken !== undefined || attempt >= TOKEN_ATTEMPTS) throw error;
      }
    }
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

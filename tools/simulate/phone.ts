import { FetchLike, SighejClient, SighejSession, wsTransport } from '@sighej/client';
import WebSocket from 'ws';
import { BackgroundApp } from './background-app';
import { BackgroundPushes } from './background-pushes';
import { CallLimiter } from './call-limiter';
import { errorKind } from './error-kind';
import { NudgeLedger } from './nudge-ledger';
import { RunStats } from './run-stats';
import { routeOf } from './service-settings';
import { Walker } from './walker';

export interface PhoneContext {
  url: string;
  ledger: NudgeLedger;
  stats: RunStats;
  rotation: { minMs: number; maxMs: number };
  /** Bounds the calls other than sightings (the venue bounds those itself). */
  others: CallLimiter;
  /** With `--background`: the push service that reaches the phones in a pocket. */
  pushes?: BackgroundPushes;
}

class StoppedError extends Error {
  constructor() {
    super('the simulation stopped before this call went out');
  }
}

/**
 * fetch with every call but POST /match through `limiter`. A call an abuse limit refused (429)
 * is an error of the run even when the client's retry later gets through: the instance was not
 * set up for a venue (see SIMULATION_SETTINGS).
 */
function boundedFetch(limiter: CallLimiter, stats: RunStats): FetchLike {
  return async (url, init) => {
    const response = url.endsWith('/match')
      ? await fetch(url, init)
      : await limiter.run(() => fetch(url, init));
    if (response === undefined) throw new StoppedError();
    if (response.status === 429) stats.error(`429 ${routeOf(init.method, url)}`);
    return response;
  };
}

/** One person with the app: walks, switches "open to talk" on and off, loses its connection now and then. */
export class Phone {
  session?: SighejSession;
  nextScanAt = 0;
  scanning = false;
  offUntil = 0;
  private starting = false;
  private socket?: WebSocket;
  private app?: BackgroundApp;
  private readonly client: SighejClient;

  constructor(
    readonly index: number,
    readonly walker: Walker,
    private readonly interests: string[],
    private readonly context: PhoneContext,
    /** In a pocket: no socket, reached by push (needs `context.pushes`). */
    readonly background = false,
  ) {
    // Its own WebSocket class, so the simulation can cut this phone's connection like a dead network.
    const remember = (socket: WebSocket): void => void (this.socket = socket);
    class PhoneWebSocket extends WebSocket {
      constructor(url: string, options: WebSocket.ClientOptions) {
        super(url, options);
        remember(this);
      }
    }
    this.client = new SighejClient({
      url: context.url,
      fetch: boundedFetch(context.others, context.stats),
      transport: wsTransport(PhoneWebSocket),
      rotation: context.rotation,
    });
  }

  get live(): boolean {
    return this.session !== undefined && !this.session.ended;
  }

  async switchOn(): Promise<void> {
    if (this.starting || this.live) return;
    this.starting = true;
    try {
      const session = await this.client.createSession(this.interests, { connect: !this.background });
      const { ledger, stats, pushes } = this.context;
      stats.sessionsCreated++;
      stats.timeline.count('sessions');
      let app: BackgroundApp | undefined;
      session.socket.on('nudge', (nudge) => {
        // A woken app's socket replays what the push brought: the client acks it, the app shows it once.
        if (app?.fromSocket(nudge.nudgeId) === false && pushes !== undefined)
          return void pushes.stats.ackedOverSocket++;
        stats.timeline.count('nudges');
        ledger.deliver(session.sessionId, nudge.nudgeId, nudge.token, performance.now());
      });
      session.socket.on('session_ended', ({ reason }) => {
        if (reason === 'expired') ledger.ended(session.sessionId);
        else stats.error(`session_ended ${reason}`);
      });
      session.on('rotated', () => stats.rotations++);
      if (this.background && pushes !== undefined) {
        app = await BackgroundApp.register(session, { ledger, stats, pushes }).catch(
          async (error: unknown) => {
            await session.end().catch(() => undefined);
            throw error;
          },
        );
        this.app = app;
      }
      this.session = session;
    } catch (error) {
      this.context.stats.error(errorKind(error));
    } finally {
      this.starting = false;
    }
  }

  async switchOff(): Promise<void> {
    const session = this.session;
    if (session === undefined || session.ended) return;
    this.context.ledger.ended(session.sessionId);
    this.context.stats.replaysDropped += session.socket.duplicatesDropped;
    this.context.stats.switchedOff++;
    this.session = undefined;
    this.app?.stop();
    this.app = undefined;
    await session.end().catch((error: unknown) => this.context.stats.error(errorKind(error)));
  }

  /** Like walking into a dead spot: the connection dies without a close frame (1006). */
  dropConnection(): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.context.stats.drops++;
    this.socket.terminate();
  }
}

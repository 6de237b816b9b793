import WebSocket from 'ws';
import { HttpLedger } from './http-ledger';
import { StatsLedger } from './stats-ledger';

/** The probe frames' partner token: a probe is not a nudge of any meeting. */
export const PROBE_TOKEN = 'chaos-probe';
/** Close codes after which a phone reconnects (the client library's rule). */
const RECONNECT_AFTER = new Set([1001, 1005, 1006, 1011, 1012, 1013]);

interface Registered {
  bleToken: string;
  accessToken: string;
  sessionId: string;
}

/**
 * A phone as the chaos run needs it: a session, a socket that reconnects (to the next instance)
 * after 1001/1006/1011/1013 like the app does, the nudges it got by id and partner token, the
 * probes it heard, and whether its session ended (4001).
 */
export class ChaosPhone {
  session?: Registered;
  /** nudge_id → the partner token it named and this phone's own token when it arrived. */
  readonly nudges = new Map<string, { partner: string; own: string }>();
  readonly probes = new Set<string>();
  readonly closes: number[] = [];
  ended = false;
  /** DELETE /session answered 2xx: from then on the socket must get 4001. */
  deleted = false;
  /** A rotation of it or its partner failed: it meets no more (its tokens are no longer unique per meeting). */
  retired = false;
  private socket?: WebSocket;
  private stopped = false;
  private attempt = 0;

  constructor(
    private readonly urls: () => string[],
    private readonly index: number,
    private readonly http: HttpLedger,
    private readonly stats: StatsLedger,
  ) {}

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** POST /session until one instance answers 201; then the socket, unless `socket` is false (a passer-by). */
  async register(interests: string[], socket = true): Promise<void> {
    for (let attempt = 0; this.session === undefined; attempt++) {
      const origin = this.url(attempt);
      const response = await this.http.call(`${origin}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ interests }),
      });
      if (response?.status === 201) {
        const body = (await response.json()) as {
          ble_token: string;
          access_token: string;
          session_id: string;
        };
        this.session = {
          bleToken: body.ble_token,
          accessToken: body.access_token,
          sessionId: body.session_id,
        };
        this.stats.session(origin);
      } else await new Promise((done) => setTimeout(done, 200));
    }
    if (socket) this.connect();
  }

  /** POST /match for a detected token; resolves with the body and who answered, or undefined when it failed. */
  async report(
    detectedToken: string,
  ): Promise<{ match: boolean; nudge_sent: boolean; origin: string } | undefined> {
    const session = this.session!;
    const origin = this.url(this.attempt++);
    const response = await this.http.call(`${origin}/match`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
      body: JSON.stringify({ own_token: session.bleToken, detected_token: detectedToken }),
    });
    if (response?.status !== 200) return undefined;
    return { ...((await response.json()) as { match: boolean; nudge_sent: boolean }), origin };
  }

  /**
   * A new token from the server (a new token epoch: the next mutual sighting is a new meeting),
   * asked again while a fault refuses it. False when it never succeeded, or on a 401: the
   * server rotated but its answer was lost (an instance killed mid-call), or a Sentinel
   * failover lost the rotation; either way this phone no longer knows its token.
   */
  async rotate(): Promise<boolean> {
    const session = this.session!;
    for (let attempt = 0; attempt < 50; attempt++) {
      const response = await this.http.call(
        `${this.url(this.attempt++)}/session/${session.bleToken}/rotate`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${session.accessToken}` },
        },
      );
      if (response?.status === 200) {
        session.bleToken = ((await response.json()) as { ble_token: string }).ble_token;
        return true;
      }
      if (response?.status === 401) return false;
      await new Promise((done) => setTimeout(done, 200));
    }
    return false;
  }

  /** The user switches off: DELETE the session; the socket must then get 4001. */
  async end(): Promise<void> {
    const session = this.session!;
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await this.http.call(`${this.url(attempt)}/session/${session.bleToken}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
      if (response !== undefined && response.status < 300) {
        this.deleted = true;
        return;
      }
      await new Promise((done) => setTimeout(done, 200));
    }
  }

  stop(): void {
    this.stopped = true;
    this.socket?.terminate();
  }

  private url(attempt: number): string {
    const urls = this.urls();
    return urls[(this.index + attempt) % urls.length];
  }

  private connect(): void {
    const session = this.session!;
    if (this.urls().length === 0) {
      // Every instance is down (a restart in progress): try again, as a phone would.
      this.reconnectLater();
      return;
    }
    const url = `${this.url(this.attempt++).replace(/^http/, 'ws')}/ws/${session.bleToken}`;
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${session.accessToken}` } });
    this.socket = socket;
    socket.on('message', (data: Buffer) => this.received(data.toString()));
    socket.on('error', () => undefined);
    socket.on('close', (code) => {
      if (this.socket !== socket) return;
      this.closes.push(code);
      if (code === 4001) this.ended = true;
      if (RECONNECT_AFTER.has(code)) this.reconnectLater();
    });
  }

  private reconnectLater(): void {
    if (this.stopped || this.ended) return;
    setTimeout(() => this.connect(), 200 + Math.random() * 800);
  }

  private received(text: string): void {
    const frame = JSON.parse(text) as { type: string; nudge_id?: string; token?: string };
    if (frame.type !== 'nudge' || frame.nudge_id === undefined) return;
    if (frame.token === PROBE_TOKEN) {
      this.probes.add(frame.nudge_id);
      return;
    }
    if (!this.nudges.has(frame.nudge_id))
      this.nudges.set(frame.nudge_id, { partner: frame.token ?? '', own: this.session!.bleToken });
    this.socket?.send(JSON.stringify({ type: 'ack', nudge_id: frame.nudge_id }));
  }
}

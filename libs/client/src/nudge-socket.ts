import { BackoffOptions, backoffDelay } from './backoff';
import { closeAction } from './close-action';
import { NudgeFrame, SessionEndReason } from './frames';
import { parseServerFrame } from './parse-server-frame';
import { RecentSet } from './recent-set';
import { SocketEvents, SocketState } from './socket-events';
import { SocketConnection, SocketTransport } from './transport';
import { TypedEmitter } from './typed-emitter';

export interface NudgeSocketOptions {
  /** ws:// or wss:// origin of the service. */
  wsBaseUrl: string;
  /** The session's current BLE token: read at every connect, since rotation changes the path. */
  currentToken: () => string;
  /** True while a rotation is on its way: a 401 then may only mean the path's token just changed. */
  rotating?: () => boolean;
  accessToken: string;
  transport: SocketTransport;
  backoff: BackoffOptions;
  random: () => number;
  /** A socket open this long before it closed counts as healthy: the next delay starts small again. */
  stableMs?: number;
}

/**
 * The session's one socket: reconnects with backoff as docs/websocket.md asks, acks every
 * nudge, and hands each nudge to the app once.
 */
export class NudgeSocket extends TypedEmitter<SocketEvents> {
  private connection?: SocketConnection;
  private timer?: ReturnType<typeof setTimeout>;
  private attempt = 0;
  /** Counts connections; the handlers of one that was let go (paused, or closed) ignore what follows. */
  private generation = 0;
  private openedAt?: number;
  private finished = false;
  private endReason?: SessionEndReason;
  private readonly seenIds = new RecentSet();
  private readonly seenTokens = new RecentSet();
  /** Frames that repeated an id already handed to the app (replays after a reconnect). */
  duplicatesDropped = 0;

  constructor(private readonly options: NudgeSocketOptions) {
    super();
  }

  get closed(): boolean {
    return this.finished;
  }

  start(): void {
    if (!this.finished && this.connection === undefined && this.timer === undefined) this.connect();
  }

  /**
   * The app went to the background: the socket closes but the session lives on, and the nudges it
   * misses wait on the server (and reach the phone by push, with a registered channel). `start()`
   * opens it again when the app comes back; the server then replays what is pending.
   */
  pause(): void {
    if (this.finished || (this.connection === undefined && this.timer === undefined)) return;
    this.generation++;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.attempt = 0;
    const connection = this.connection;
    this.connection = undefined;
    connection?.close(1000);
    this.setState({ state: 'paused' });
  }

  /** Closes for good (the app switched "open to talk" off). */
  stop(): void {
    this.finish('stopped');
  }

  /** The REST API said the session is gone (401): end as the socket's own 4001 would. */
  sessionGone(reason: SessionEndReason): void {
    if (this.finished) return;
    this.emit('session_ended', { reason });
    this.finish('ended');
  }

  private connect(): void {
    this.timer = undefined;
    const token = this.options.currentToken();
    this.setState({ state: 'connecting' });
    this.endReason = undefined;
    this.openedAt = undefined;
    const generation = ++this.generation;
    const current = (): boolean => generation === this.generation;
    const connection = this.options.transport(
      `${this.options.wsBaseUrl}/ws/${encodeURIComponent(token)}`,
      this.options.accessToken,
      {
        open: () => {
          if (!current()) return;
          this.openedAt = Date.now();
          this.setState({ state: 'open' });
        },
        message: (text) => {
          if (current()) this.onMessage(connection, text);
        },
        close: (code) => {
          if (!current()) return;
          this.generation++;
          this.onClose(code);
        },
        refused: (status, retryAfterMs) => {
          if (!current()) return;
          this.generation++;
          this.onRefused(status, retryAfterMs, token);
        },
      },
    );
    this.connection = connection;
  }

  private onMessage(connection: SocketConnection, text: string): void {
    const frame = parseServerFrame(text);
    if (frame === undefined) return;
    if (frame.type === 'session_ended') {
      this.endReason = frame.reason;
      return;
    }
    // Ack duplicates too: the first ack may be the one that got lost.
    connection.send(JSON.stringify({ type: 'ack', nudge_id: frame.nudge_id }));
    if (!this.seenIds.add(frame.nudge_id)) {
      this.duplicatesDropped++;
      return;
    }
    this.emit('nudge', this.received(frame));
  }

  private received(frame: NudgeFrame): SocketEvents['nudge'] {
    const repeat = !this.seenTokens.add(frame.token);
    return {
      nudgeId: frame.nudge_id,
      token: frame.token,
      repeat,
      sharedInterests: frame.shared_interests,
      message: frame.message,
      sentAt: frame.sent_at,
    };
  }

  private onClose(code: number): void {
    this.connection = undefined;
    if (this.finished) return;
    const stable =
      this.openedAt !== undefined && Date.now() - this.openedAt >= (this.options.stableMs ?? 10_000);
    if (stable) this.attempt = 0;
    const action = closeAction(code);
    if (action === 'session_ended') return this.sessionGone(this.endReason ?? 'lost');
    if (action === 'replaced') return this.finish('replaced');
    if (action === 'give_up') return this.finish('gave_up');
    this.retry(code, undefined);
  }

  private onRefused(status: number, retryAfterMs: number | undefined, tokenUsed: string): void {
    this.connection = undefined;
    if (this.finished) return;
    if (status === 401) {
      // A rotation that finished while this upgrade was on its way: the session lives on.
      if (tokenUsed !== this.options.currentToken()) return this.retry('refused', 0);
      // One still on its way: the service may already have switched to the new token.
      if (this.options.rotating?.() === true) return this.retry('refused', undefined);
      return this.sessionGone('lost');
    }
    if (status === 429 || status >= 500) return this.retry('refused', retryAfterMs);
    this.finish('gave_up');
  }

  private retry(after: number | 'refused', floorMs: number | undefined): void {
    const jitter = backoffDelay(this.attempt++, this.options.backoff, this.options.random);
    const delayMs = floorMs === undefined ? jitter : floorMs + (floorMs === 0 ? 0 : jitter / 4);
    this.setState({ state: 'waiting', delayMs, after });
    this.timer = setTimeout(() => this.connect(), delayMs);
  }

  private finish(reason: 'ended' | 'replaced' | 'stopped' | 'gave_up'): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const connection = this.connection;
    this.connection = undefined;
    connection?.close(1000);
    this.setState({ state: 'closed', reason });
  }

  private setState(state: SocketState): void {
    this.emit('state', state);
  }
}

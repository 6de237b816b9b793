import { decryptPushedNudge, generatePushKeyPair, PushKeyPair, SighejSession } from '@sighej/client';
import { randomUUID } from 'node:crypto';
import { BackgroundPushes } from './background-pushes';
import { NudgeLedger } from './nudge-ledger';
import { RunStats } from './run-stats';

/** How long a woken app keeps its socket open: enough for the replay and the ack. */
const AWAKE_MS = 1500;

export interface BackgroundContext {
  ledger: NudgeLedger;
  stats: RunStats;
  pushes: BackgroundPushes;
}

/**
 * The app of a phone in a pocket: no socket. A push wakes it; it decrypts the nudge with its own
 * key, shows it, and opens its socket briefly, so the service replays the nudge and the client
 * acks it (the pending queue stays the source of truth), then the socket closes again.
 */
export class BackgroundApp {
  /** Nudges the app has shown, from a push or from the woken socket: each once (by nudge_id). */
  private readonly shown = new Set<string>();
  private sleepTimer?: ReturnType<typeof setTimeout>;

  private constructor(
    private readonly session: SighejSession,
    private readonly keyPair: PushKeyPair,
    private readonly context: BackgroundContext,
  ) {}

  /** Makes the phone's push keys and registers a Web Push channel at the local push service. */
  static async register(session: SighejSession, context: BackgroundContext): Promise<BackgroundApp> {
    const app = new BackgroundApp(session, await generatePushKeyPair(), context);
    const endpoint = context.pushes.subscribe(randomUUID(), (body) => app.received(body));
    context.pushes.sessions.add(session.sessionId);
    await session.registerPush({ provider: 'webpush', subscription: { endpoint, keys: app.keyPair.keys } });
    return app;
  }

  /** A nudge over the woken socket: true when it is new to the app, false for the replay of a pushed one. */
  fromSocket(nudgeId: string): boolean {
    if (this.shown.has(nudgeId)) return false;
    this.shown.add(nudgeId);
    return true;
  }

  stop(): void {
    clearTimeout(this.sleepTimer);
  }

  private async received(body: Buffer): Promise<string> {
    const nudge = await decryptPushedNudge(new Uint8Array(body), this.keyPair);
    const { ledger, stats, pushes } = this.context;
    const first = pushes.stats.pushed(this.session.sessionId, nudge.nudge_id, nudge.sent_at);
    // Sent before the woken socket's ack landed: at least once, and the app shows it once.
    if (first && this.shown.has(nudge.nudge_id)) pushes.stats.afterSocket++;
    else if (first) {
      this.shown.add(nudge.nudge_id);
      stats.timeline.count('nudges');
      ledger.deliver(this.session.sessionId, nudge.nudge_id, nudge.token, performance.now());
    }
    this.wake();
    return JSON.stringify(nudge);
  }

  private wake(): void {
    if (this.session.ended) return;
    this.session.socket.start();
    clearTimeout(this.sleepTimer);
    this.sleepTimer = setTimeout(() => this.session.socket.pause(), AWAKE_MS);
  }
}

import { Logger } from '@nestjs/common';
import { SessionService } from '@sighej/session';
import { errorText } from '@sighej/shared';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Nudge } from '../nudge';
import { NudgeMetrics } from '../nudge-metrics';
import { Connection } from './connection';
import { endSession, releaseHeld, replay } from './outbound';

// The replays are spread over this window (plus a little per socket) so one Redis blink with
// 100k sockets is not 100k queue reads at once.
const RESYNC_SPREAD_MS = 2000;
// Sessions checked per Redis command when verifying which sockets' sessions still exist.
const LIVENESS_BATCH = 500;

/** What a resync needs of the sockets' owner. */
export interface ResyncedSockets {
  isCurrent(connection: Connection): boolean;
  /** The session's fresh pending nudges. */
  pending(sessionId: string): Promise<Nudge[]>;
}

/**
 * Wake-ups published while a session's channel was not subscribed are lost, but the nudges
 * are still pending. First find the sockets whose session no longer exists (Redis may have
 * come back without its data): they get `session_ended` `lost` and 4001. The others replay
 * their pending nudges, spread over a short window, skipping what each already sent.
 */
export class Resync {
  constructor(
    private readonly logger: Logger,
    private readonly sessions: SessionService,
    private readonly metrics: NudgeMetrics,
    private readonly sockets: ResyncedSockets,
  ) {}

  async run(connections: readonly Connection[]): Promise<void> {
    const started = performance.now();
    this.logger.log(`re-subscribed; checking ${connections.length} socket(s) and replaying pending nudges`);
    let live: boolean[];
    try {
      live = await this.whichLive(connections.map((connection) => connection.sessionId));
    } catch (error) {
      // Unknown for now; the next reconnect checks again. Replay meanwhile (harmless).
      this.logger.warn(`could not check the sockets' sessions: ${errorText(error)}`);
      live = connections.map(() => true);
    }
    const spreadMs = Math.min(RESYNC_SPREAD_MS, connections.length);
    const replays: Promise<void>[] = [];
    connections.forEach((connection, index) => {
      if (!live[index]) endSession(connection, 'lost');
      else replays.push(sleep(Math.random() * spreadMs).then(() => this.replayTo(connection)));
    });
    await Promise.all(replays);
    this.metrics.observeResync((performance.now() - started) / 1000);
  }

  private async whichLive(sessionIds: readonly string[]): Promise<boolean[]> {
    const batches: Promise<boolean[]>[] = [];
    for (let start = 0; start < sessionIds.length; start += LIVENESS_BATCH)
      batches.push(this.sessions.whichLive(sessionIds.slice(start, start + LIVENESS_BATCH)));
    return (await Promise.all(batches)).flat();
  }

  private async replayTo(connection: Connection): Promise<void> {
    // Still opening (its own replay reads the queue anyway), or gone meanwhile.
    if (connection.held !== undefined || !this.sockets.isCurrent(connection)) return;
    connection.held = [];
    try {
      this.metrics.nudgeReplayed(await replay(connection, await this.sockets.pending(connection.sessionId)));
    } catch (error) {
      this.logger.warn(`could not resync a socket: ${errorText(error)}`);
      releaseHeld(connection);
    }
  }
}

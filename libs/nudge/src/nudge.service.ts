import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { SessionEndedListener, SessionService } from '@sighej/session';
import { errorText } from '@sighej/shared';
import { NudgeBus } from './bus/nudge-bus';
import { buildNudge, PendingLimits } from './nudge';
import { NudgeMetrics } from './nudge-metrics';
import { NudgeQueue } from './queue/nudge-queue';
import { NudgeSettings } from './nudge.settings';

/**
 * Who gets a nudge: a session, when its queue should expire with it, the partner's token it
 * saw, and the nudge's id (one per phone per meeting: `meetingNudgeId`).
 */
export interface NudgeRecipient {
  id: string;
  expiresAt: number;
  partnerToken: string;
  nudgeId: string;
}

/**
 * Told of every nudge once it is stored (the push lib schedules its push): called without
 * waiting, so a listener must not throw and must not hold up /match.
 */
export abstract class NudgeQueuedListener {
  abstract nudgeQueued(sessionId: string, nudgeId: string, queuedAt: number): void;
}

/** Sends nudges to sessions wherever their sockets are, and forgets them when a session ends. */
@Injectable()
export class NudgeService implements SessionEndedListener, OnModuleInit {
  private readonly logger = new Logger('NudgeService');
  private readonly limits: PendingLimits;
  private readonly queuedListeners: NudgeQueuedListener[] = [];

  constructor(
    private readonly queue: NudgeQueue,
    private readonly bus: NudgeBus,
    private readonly sessions: SessionService,
    private readonly metrics: NudgeMetrics,
    settings: NudgeSettings,
  ) {
    this.limits = { max: settings.NUDGE_PENDING_MAX, maxAgeMs: settings.NUDGE_MAX_AGE_SECONDS * 1000 };
  }

  onModuleInit(): void {
    this.sessions.onSessionEnded(this);
  }

  /**
   * Queues one nudge per recipient under the id it names, then wakes the sockets. A nudge
   * already pending under that id (a retried completion) is not queued twice; its wake-up goes
   * out again (a socket never sends one id twice). Throws when a nudge could not be queued, so
   * the caller can give the meeting's claim back.
   */
  async send(recipients: readonly NudgeRecipient[], sharedInterests: readonly string[]): Promise<void> {
    const nudges = recipients.map((recipient) => ({
      recipient,
      nudge: buildNudge(sharedInterests, recipient.partnerToken, recipient.nudgeId),
    }));
    // Stored and woken in one round trip: the wake-ups are issued right behind the enqueues on
    // the same connection (each session's queue and channel share a slot, hence a node), and
    // Redis runs them in order, so a socket woken by a nudge finds it stored. A lost wake-up
    // loses nothing either: the nudge stays pending and replays on the next connect.
    const queuedAt = Date.now();
    const stored = Promise.all(
      nudges.map(({ recipient, nudge }) =>
        this.queue.enqueue(recipient.id, nudge, recipient.expiresAt, this.limits, queuedAt),
      ),
    );
    const woken = Promise.all(
      nudges.map(({ recipient, nudge }) =>
        this.bus
          .publish(recipient.id, { t: 'nudge', id: nudge.id, frame: nudge.frame })
          .catch((error: unknown) => this.logger.warn(`nudge queued but not pushed: ${errorText(error)}`)),
      ),
    );
    const dropped = await stored;
    // A nudge already pending under its id (a retried completion) had its listeners told then.
    const queued = nudges.filter((_, index) => dropped[index].queued);
    for (const listener of this.queuedListeners)
      for (const { recipient, nudge } of queued) listener.nudgeQueued(recipient.id, nudge.id, queuedAt);
    this.metrics.nudgeSent(queued.length);
    for (const { cap, age } of dropped) {
      this.metrics.nudgeDropped('cap', cap);
      this.metrics.nudgeDropped('age', age);
    }
    await woken;
  }

  onNudgeQueued(listener: NudgeQueuedListener): void {
    this.queuedListeners.push(listener);
  }

  async sessionEnded(sessionId: string, reason: 'deleted'): Promise<void> {
    // The session is already gone: failing here would only turn a done DELETE into a 503. The
    // queue expires with the session and the socket's own timer closes it at the latest.
    try {
      await this.queue.clear(sessionId);
      await this.bus.publish(sessionId, { t: 'ended', reason });
    } catch (error) {
      this.logger.warn(`session ended, but its socket could not be told: ${errorText(error)}`);
    }
  }
}

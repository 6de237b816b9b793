import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { NudgeBus, NudgeQueue, NudgeQueuedListener, NudgeService } from '@sighej/nudge';
import { errorText } from '@sighej/shared';
import { createHash, randomBytes } from 'node:crypto';
import { PushChannelStore } from './channel/push-channel-store';
import { PushConfig } from './push-config';
import { PushSettlement } from './push-settlement';
import { PushJob, PushQueue, TakenPushJob } from './queue/push-queue';
import { PushSenders } from './senders/push-senders';
import { PushSettings } from './push.settings';

const POLL_MS = 200;
const MAX_IN_FLIGHT = 64;
const STOP_GRACE_MS = 2000;

/** The session's collapse key (Web Push `Topic`, APNs `apns-collapse-id`, FCM `collapse_key`): opaque, 22 characters. */
export const collapseKeyOf = (sessionId: string): string =>
  createHash('sha256').update(`sighej-push:${sessionId}`).digest().subarray(0, 16).toString('base64url');

/**
 * Schedules a push for every queued nudge and works the push queue with every other
 * instance: a nudge still pending for a session with a channel is pushed at once when no
 * socket holds the session, else once PUSH_AFTER_MS passed without an ack. Never for an acked,
 * aged-out or ended one. Sends run side by side, each bounded by PUSH_SEND_TIMEOUT_MS, so a
 * slow provider holds up neither /match nor another provider's pushes.
 */
@Injectable()
export class PushDispatcher implements NudgeQueuedListener, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('PushDispatcher');
  private readonly consumer = `i-${randomBytes(6).toString('base64url')}`;
  private readonly senders: PushSenders;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private queueUnreadable = false;

  constructor(
    private readonly queue: PushQueue,
    private readonly channels: PushChannelStore,
    private readonly nudgeQueue: NudgeQueue,
    private readonly bus: NudgeBus,
    private readonly nudges: NudgeService,
    private readonly settlement: PushSettlement,
    private readonly config: PushConfig,
    private readonly settings: PushSettings,
  ) {
    this.senders = new PushSenders(config, settings.PUSH_SEND_TIMEOUT_MS);
  }

  onModuleInit(): void {
    if (!this.config.enabled) return;
    this.nudges.onNudgeQueued(this);
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    // What is still in flight is either done soon or taken over by another instance later.
    let grace: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS)));
    await Promise.race([Promise.allSettled([...this.inFlight]), waited]);
    clearTimeout(grace);
    this.senders.closeAll();
  }

  nudgeQueued(sessionId: string, nudgeId: string, queuedAt: number): void {
    this.schedule(sessionId, nudgeId, queuedAt).catch((error: unknown) => {
      // The nudge itself is stored: the phone gets it when its app opens.
      this.logger.warn(`could not schedule a push: ${errorText(error)}`);
    });
  }

  /** A push job for a session with a channel; the others (most of a venue) cost no queue work. */
  private async schedule(sessionId: string, nudgeId: string, queuedAt: number): Promise<void> {
    if ((await this.channels.find(sessionId)) === undefined) return;
    await this.queue.schedule({ sessionId, nudgeId, queuedAt, attempt: 0 }, queuedAt);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.timer === undefined || this.inFlight.size >= MAX_IN_FLIGHT) return;
    this.polling = true;
    try {
      const taken = await this.queue.take(
        this.consumer,
        MAX_IN_FLIGHT - this.inFlight.size,
        this.settings.PUSH_RECLAIM_AFTER_MS,
      );
      for (const job of taken) this.track(this.work(job));
      if (this.queueUnreadable) this.logger.log('the push queue is readable again');
      this.queueUnreadable = false;
    } catch (error) {
      // Once per outage, not every poll: the queue keeps the jobs meanwhile.
      if (!this.queueUnreadable) this.logger.warn(`could not read the push queue: ${errorText(error)}`);
      this.queueUnreadable = true;
    } finally {
      this.polling = false;
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      // Not finished: another try (this instance or another) takes it over after PUSH_RECLAIM_AFTER_MS.
      this.logger.warn(`a push job failed: ${errorText(error)}`);
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private async work(taken: TakenPushJob): Promise<void> {
    const { job } = taken;
    const channel = await this.channels.find(job.sessionId);
    const sender = channel === undefined ? undefined : this.senders.of(channel.provider);
    if (channel === undefined || sender === undefined) return this.queue.finish(taken);
    const ackBy = job.queuedAt + this.config.afterMs;
    if (job.attempt === 0 && Date.now() < ackBy && (await this.bus.hasSubscriber(job.sessionId)))
      return this.queue.reschedule(taken, job, ackBy);
    const frame = await this.pendingFrame(job);
    const remainingMs = job.queuedAt + this.config.maxAgeMs - Date.now();
    if (frame === undefined || remainingMs < 1000 || !(await this.queue.claim(job, remainingMs))) {
      this.settlement.counted(channel.provider, 'skipped');
      return this.queue.finish(taken);
    }
    const result = await sender.send(channel, {
      frame,
      ttlSeconds: Math.floor(remainingMs / 1000),
      collapseKey: collapseKeyOf(job.sessionId),
    });
    return this.settlement.settle(taken, channel, result);
  }

  /** The nudge's frame while it is still pending: not acked, not aged out, session not ended. */
  private async pendingFrame(job: PushJob): Promise<string | undefined> {
    const { nudges } = await this.nudgeQueue.pending(job.sessionId, this.config.maxAgeMs);
    return nudges.find((nudge) => nudge.id === job.nudgeId)?.frame;
  }
}

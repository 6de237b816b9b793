import { Injectable, Logger } from '@nestjs/common';
import { errorText } from '@sighej/shared';
import type { PushChannel, PushProvider } from './channel/push-channel';
import { PushChannelStore } from './channel/push-channel-store';
import { PushOutcomeLog } from './outcomes/push-outcome-log';
import { PushConfig } from './push-config';
import { PushMetrics, PushOutcome } from './push-metrics';
import { PushQueue, TakenPushJob } from './queue/push-queue';
import type { PushResult } from './senders/push-sender';

const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 60_000;

/** 0.5 s, 1 s, 2 s, … (capped), with jitter so retries of many pushes do not arrive together. */
const backoffMs = (attempt: number): number =>
  Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt) * (0.8 + Math.random() * 0.4);

/**
 * What a provider's answer means for the job: done (sent, refused or given up), the channel
 * dropped (gone), or tried again later (429, 5xx, no answer: backoff, never sooner than
 * Retry-After, a bounded number of times, never past the nudge's age). Each counted.
 */
@Injectable()
export class PushSettlement {
  private readonly logger = new Logger('PushDispatcher');

  constructor(
    private readonly queue: PushQueue,
    private readonly channels: PushChannelStore,
    private readonly metrics: PushMetrics,
    private readonly outcomes: PushOutcomeLog,
    private readonly config: PushConfig,
  ) {}

  async settle(taken: TakenPushJob, channel: PushChannel, result: PushResult): Promise<void> {
    const { job } = taken;
    switch (result.outcome) {
      case 'sent':
        this.counted(channel.provider, 'sent');
        return this.queue.finish(taken);
      case 'gone':
        this.counted(channel.provider, 'gone');
        await this.channels.removeIf(job.sessionId, channel);
        return this.queue.finish(taken);
      case 'rejected':
        this.logger.warn(`a ${channel.provider} push was refused: ${result.reason}`);
        this.counted(channel.provider, 'failed');
        return this.queue.finish(taken);
      case 'retry':
        return this.retry(taken, channel, result.retryAfterMs, result.reason);
    }
  }

  private async retry(
    taken: TakenPushJob,
    channel: PushChannel,
    retryAfterMs: number | undefined,
    reason: string,
  ): Promise<void> {
    const { job } = taken;
    const dueAt = Date.now() + Math.max(retryAfterMs ?? 0, backoffMs(job.attempt));
    if (job.attempt + 1 >= MAX_ATTEMPTS || dueAt >= job.queuedAt + this.config.maxAgeMs) {
      this.logger.warn(`gave up a ${channel.provider} push after ${job.attempt + 1} tries: ${reason}`);
      this.counted(channel.provider, 'failed');
      return this.queue.finish(taken);
    }
    this.counted(channel.provider, 'retried');
    return this.queue.reschedule(taken, { ...job, attempt: job.attempt + 1 }, dueAt);
  }

  /** The metric, and for the admin page's last-hour figures the sent and failed ones. */
  counted(provider: PushProvider, outcome: PushOutcome): void {
    this.metrics.counted(provider, outcome);
    if (outcome !== 'sent' && outcome !== 'failed') return;
    this.outcomes.record(outcome).catch((error: unknown) => {
      this.logger.warn(`could not count a push for the last hour: ${errorText(error)}`);
    });
  }
}

import { Injectable } from '@nestjs/common';
import { Metrics } from '@sighej/shared';
import { Counter, Gauge, Histogram } from 'prom-client';

export const NUDGE_DROP_REASONS = ['cap', 'age'] as const;
export type NudgeDropReason = (typeof NUDGE_DROP_REASONS)[number];

/** The nudge channel's metrics, on the service's registry (names in docs/operating.md). */
@Injectable()
export class NudgeMetrics {
  private readonly openSockets: Gauge;
  private readonly sent: Counter;
  private readonly replayed: Counter;
  private readonly acked: Counter;
  private readonly dropped: Counter<'reason'>;
  private readonly resync: Histogram;
  private readUnsubscribed: () => number = () => 0;

  constructor({ registry }: Metrics) {
    const registers = [registry];
    this.openSockets = new Gauge({
      name: 'sighej_ws_open_sockets',
      help: 'WebSockets open on this instance',
      registers,
    });
    this.sent = new Counter({
      name: 'sighej_nudges_sent_total',
      help: 'Nudges dispatched to a phone (two per match)',
      registers,
    });
    this.replayed = new Counter({
      name: 'sighej_nudges_replayed_total',
      help: 'Unacknowledged nudges sent again when a phone (re)connected',
      registers,
    });
    this.acked = new Counter({
      name: 'sighej_nudges_acked_total',
      help: 'Nudges acknowledged by a phone',
      registers,
    });
    this.dropped = new Counter<'reason'>({
      name: 'sighej_nudges_dropped_total',
      help: 'Pending nudges dropped unacknowledged, by reason (cap: pushed out by NUDGE_PENDING_MAX; age: older than NUDGE_MAX_AGE_SECONDS)',
      labelNames: ['reason'],
      registers,
    });
    // Every reason starts at 0, so `increase()` sees the first drop, not only the second.
    for (const reason of NUDGE_DROP_REASONS) this.dropped.inc({ reason }, 0);
    const unsubscribed: Gauge = new Gauge({
      name: 'sighej_ws_unsubscribed_sockets',
      help: 'Open sockets whose session channel is not confirmed subscribed on its Redis master right now (0 normally)',
      registers,
      collect: () => unsubscribed.set(this.readUnsubscribed()),
    });
    this.resync = new Histogram({
      name: 'sighej_ws_resync_duration_seconds',
      help: 'Time a (re)connected socket took to catch up on its pending nudges',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  /** Where the unsubscribed-sockets gauge reads its value at each scrape. */
  watchUnsubscribed(read: () => number): void {
    this.readUnsubscribed = read;
  }
  setOpenSockets(count: number): void {
    this.openSockets.set(count);
  }
  nudgeSent(count = 1): void {
    this.sent.inc(count);
  }
  nudgeReplayed(count = 1): void {
    this.replayed.inc(count);
  }
  nudgeAcked(count = 1): void {
    this.acked.inc(count);
  }
  nudgeDropped(reason: NudgeDropReason, count = 1): void {
    if (count > 0) this.dropped.inc({ reason }, count);
  }
  observeResync(seconds: number): void {
    this.resync.observe(seconds);
  }
}

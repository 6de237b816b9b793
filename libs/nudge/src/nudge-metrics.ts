import { Injectable } from '@nestjs/common';
import { Metrics } from '@sighej/shared';
import { Counter, Gauge } from 'prom-client';

/** The nudge channel's metrics, on the service's registry (names in docs/operating.md). */
@Injectable()
export class NudgeMetrics {
  private readonly openSockets: Gauge;
  private readonly sent: Counter;
  private readonly replayed: Counter;
  private readonly acked: Counter;

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
}

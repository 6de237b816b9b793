import { Injectable } from '@nestjs/common';
import { Metrics } from '@sighej/shared';
import { Counter } from 'prom-client';
import { PUSH_PROVIDERS, PushProvider } from './channel/push-channel';

export const PUSH_OUTCOMES = ['sent', 'retried', 'gone', 'failed', 'skipped'] as const;
export type PushOutcome = (typeof PUSH_OUTCOMES)[number];

/** Pushes by provider and outcome, on the service's registry (names in docs/operating.md). */
@Injectable()
export class PushMetrics {
  private readonly pushes: Counter<'provider' | 'outcome'>;

  constructor({ registry }: Metrics) {
    this.pushes = new Counter({
      name: 'sighej_pushes_total',
      help:
        'Push attempts by provider and outcome (sent; retried: 429/5xx/no answer, tried again; gone: the ' +
        'provider dropped the device, channel removed; failed: given up; skipped: acked, aged out or ended first)',
      labelNames: ['provider', 'outcome'],
      registers: [registry],
    });
    for (const provider of PUSH_PROVIDERS)
      for (const outcome of PUSH_OUTCOMES) this.pushes.inc({ provider, outcome }, 0);
  }

  counted(provider: PushProvider, outcome: PushOutcome): void {
    this.pushes.inc({ provider, outcome });
  }
}

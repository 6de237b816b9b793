/** Pushes sent and failed (given up) in the last hour, across every instance. */
export interface PushOutcomesLastHour {
  sent: number;
  failed: number;
}

export type LoggedOutcome = keyof PushOutcomesLastHour;

/**
 * Counts push outcomes per minute for the admin page's health card, shared by every
 * instance (a Prometheus counter is per instance). A minute's count expires after an hour.
 */
export abstract class PushOutcomeLog {
  abstract record(outcome: LoggedOutcome, now?: number): Promise<void>;
  abstract lastHour(now?: number): Promise<PushOutcomesLastHour>;
}

export const MINUTE_MS = 60_000;
export const MINUTES_PER_HOUR = 60;

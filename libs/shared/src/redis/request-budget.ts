import { AsyncLocalStorage } from 'node:async_hooks';

/** What one HTTP request may still spend on Redis: all its operations together. */
export class RedisBudget {
  private open = true;

  constructor(private readonly until: number) {}

  /** The request was answered: what it started and left running is no longer its to bound. */
  close(): void {
    this.open = false;
  }

  /** When the request's Redis work must be done, or Infinity once it was answered. */
  get deadline(): number {
    return this.open ? this.until : Infinity;
  }
}

const budgets = new AsyncLocalStorage<RedisBudget>();

/** Runs `work` (a request's handling) with `budget` for every Redis operation it makes. */
export function withRedisBudget<T>(budget: RedisBudget, work: () => T): T {
  return budgets.run(budget, work);
}

/** The deadline of the request whose work is running, if any (Infinity outside one). */
export function requestRedisDeadline(): number {
  return budgets.getStore()?.deadline ?? Infinity;
}

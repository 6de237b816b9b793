import { Injectable } from '@nestjs/common';
import { MeetingStore, Sighting } from './meeting-store';

const SWEEP_EVERY_MS = 60_000;

interface Expiring<T> {
  value: T;
  until: number;
}

/** Embedded mode: one process, so each method's synchronous check-and-set is atomic. */
@Injectable()
export class InMemoryMeetingStore implements MeetingStore {
  private readonly sightings = new Map<string, Expiring<true>>();
  private readonly meetings = new Map<string, Expiring<Exclude<Sighting, 'pending' | 'won'>>>();
  private readonly budgets = new Map<string, Expiring<number>>();
  private readonly counted = new Map<string, Expiring<true>>();
  private nextSweepAt = Date.now() + SWEEP_EVERY_MS;

  sight(
    ownEpoch: string,
    otherEpoch: string,
    windowSeconds: number,
    cooldownSeconds: number,
  ): Promise<Sighting> {
    const now = Date.now();
    this.sweep(now);
    const meeting = meetingKey(ownEpoch, otherEpoch);
    this.sightings.set(`${meeting}|${ownEpoch}`, { value: true, until: now + windowSeconds * 1000 });
    const decided = live(this.meetings, meeting, now);
    if (decided !== undefined) return Promise.resolve(decided);
    if (live(this.sightings, `${meeting}|${otherEpoch}`, now) === undefined)
      return Promise.resolve('pending');
    this.meetings.set(meeting, { value: 'claimed', until: now + cooldownSeconds * 1000 });
    return Promise.resolve('won');
  }

  settle(
    epochA: string,
    epochB: string,
    outcome: 'matched' | 'unmatched',
    cooldownSeconds: number,
  ): Promise<void> {
    this.meetings.set(meetingKey(epochA, epochB), {
      value: outcome,
      until: Date.now() + cooldownSeconds * 1000,
    });
    return Promise.resolve();
  }

  release(epochA: string, epochB: string): Promise<void> {
    this.meetings.delete(meetingKey(epochA, epochB));
    return Promise.resolve();
  }

  charge(sessionId: string, limit: number, windowSeconds: number): Promise<boolean> {
    const now = Date.now();
    const used = live(this.budgets, sessionId, now) ?? 0;
    if (used >= limit) return Promise.resolve(false);
    const until = this.budgets.get(sessionId)?.until ?? 0;
    this.budgets.set(sessionId, { value: used + 1, until: until > now ? until : now + windowSeconds * 1000 });
    return Promise.resolve(true);
  }

  refund(sessionId: string): Promise<void> {
    const budget = this.budgets.get(sessionId);
    if (budget !== undefined && budget.value > 0) budget.value -= 1;
    return Promise.resolve();
  }

  firstOfDay(day: string, sessionA: string, sessionB: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const key = `${day}|${meetingKey(sessionA, sessionB)}`;
    if (live(this.counted, key, now) !== undefined) return Promise.resolve(false);
    this.counted.set(key, { value: true, until: now + ttlMs });
    return Promise.resolve(true);
  }

  /** Entries held (for tests of the sweep). */
  get size(): number {
    return this.sightings.size + this.meetings.size + this.budgets.size + this.counted.size;
  }

  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const map of [this.sightings, this.meetings, this.budgets, this.counted] as Map<
      string,
      Expiring<unknown>
    >[])
      for (const [key, entry] of map) if (entry.until <= now) map.delete(key);
  }
}

function meetingKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function live<T>(map: Map<string, Expiring<T>>, key: string, now: number): T | undefined {
  const entry = map.get(key);
  if (entry === undefined) return undefined;
  if (entry.until > now) return entry.value;
  map.delete(key);
  return undefined;
}

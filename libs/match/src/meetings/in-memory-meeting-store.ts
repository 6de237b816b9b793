import { Injectable } from '@nestjs/common';
import { MeetingStore, meetingId, Sighting } from './meeting-store';

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
  /** Per epoch: meeting id → when charged; the entry expires a window after its last charge. */
  private readonly budgets = new Map<string, Expiring<Map<string, number>>>();
  private readonly counted = new Map<string, Expiring<true>>();
  private nextSweepAt = Date.now() + SWEEP_EVERY_MS;

  sight(
    ownEpoch: string,
    otherEpoch: string,
    windowSeconds: number,
    claimSeconds: number,
  ): Promise<Sighting> {
    const now = Date.now();
    this.sweep(now);
    const meeting = meetingId(ownEpoch, otherEpoch);
    this.sightings.set(`${meeting}|${ownEpoch}`, { value: true, until: now + windowSeconds * 1000 });
    const decided = live(this.meetings, meeting, now);
    if (decided !== undefined) return Promise.resolve(decided);
    if (live(this.sightings, `${meeting}|${otherEpoch}`, now) === undefined)
      return Promise.resolve('pending');
    this.meetings.set(meeting, { value: 'claimed', until: now + claimSeconds * 1000 });
    return Promise.resolve('won');
  }

  settle(
    epochA: string,
    epochB: string,
    outcome: 'matched' | 'unmatched',
    cooldownSeconds: number,
  ): Promise<void> {
    this.meetings.set(meetingId(epochA, epochB), {
      value: outcome,
      until: Date.now() + cooldownSeconds * 1000,
    });
    return Promise.resolve();
  }

  release(epochA: string, epochB: string): Promise<void> {
    this.meetings.delete(meetingId(epochA, epochB));
    return Promise.resolve();
  }

  charge(epoch: string, partnerEpoch: string, limit: number, windowSeconds: number): Promise<boolean> {
    const now = Date.now();
    const windowMs = windowSeconds * 1000;
    const charged = live(this.budgets, epoch, now) ?? new Map<string, number>();
    for (const [meeting, at] of charged) if (at <= now - windowMs) charged.delete(meeting);
    const meeting = meetingId(epoch, partnerEpoch);
    if (charged.has(meeting)) return Promise.resolve(true);
    if (charged.size >= limit) return Promise.resolve(false);
    charged.set(meeting, now);
    this.budgets.set(epoch, { value: charged, until: now + windowMs });
    return Promise.resolve(true);
  }

  refund(epoch: string, partnerEpoch: string): Promise<void> {
    this.budgets.get(epoch)?.value.delete(meetingId(epoch, partnerEpoch));
    return Promise.resolve();
  }

  firstOfDay(day: string, sessionA: string, sessionB: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const key = `${day}|${meetingId(sessionA, sessionB)}`;
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

function live<T>(map: Map<string, Expiring<T>>, key: string, now: number): T | undefined {
  const entry = map.get(key);
  if (entry === undefined) return undefined;
  if (entry.until > now) return entry.value;
  map.delete(key);
  return undefined;
}

import { Injectable } from '@nestjs/common';
import { ExpiringMap } from '@sighej/shared';
import { MeetingStore, meetingId, Sighting } from './meeting-store';

/** Embedded mode: one process, so each method's synchronous check-and-set is atomic. */
@Injectable()
export class InMemoryMeetingStore implements MeetingStore {
  private readonly sightings = new ExpiringMap<true>();
  private readonly meetings = new ExpiringMap<Exclude<Sighting, 'pending' | 'won'>>();
  /** Per epoch: meeting id → when charged; the entry expires a window after its last charge. */
  private readonly budgets = new ExpiringMap<Map<string, number>>();
  /** Per pair of sessions and day: the claim that counted it. */
  private readonly counted = new ExpiringMap<string>();

  sight(
    ownEpoch: string,
    otherEpoch: string,
    windowSeconds: number,
    claimSeconds: number,
  ): Promise<Sighting> {
    const now = Date.now();
    const meeting = meetingId(ownEpoch, otherEpoch);
    this.sightings.set(`${meeting}|${ownEpoch}`, true, now + windowSeconds * 1000, now);
    const decided = this.meetings.get(meeting, now);
    if (decided !== undefined) return Promise.resolve(decided);
    if (this.sightings.get(`${meeting}|${otherEpoch}`, now) === undefined) return Promise.resolve('pending');
    this.meetings.set(meeting, 'claimed', now + claimSeconds * 1000, now);
    return Promise.resolve('won');
  }

  settle(
    epochA: string,
    epochB: string,
    outcome: 'matched' | 'unmatched',
    cooldownSeconds: number,
  ): Promise<void> {
    this.meetings.set(meetingId(epochA, epochB), outcome, Date.now() + cooldownSeconds * 1000);
    return Promise.resolve();
  }

  release(epochA: string, epochB: string): Promise<void> {
    this.meetings.delete(meetingId(epochA, epochB));
    return Promise.resolve();
  }

  charge(epoch: string, partnerEpoch: string, limit: number, windowSeconds: number): Promise<boolean> {
    const now = Date.now();
    const windowMs = windowSeconds * 1000;
    const charged = this.budgets.get(epoch, now) ?? new Map<string, number>();
    for (const [meeting, at] of charged) if (at <= now - windowMs) charged.delete(meeting);
    const meeting = meetingId(epoch, partnerEpoch);
    if (charged.has(meeting)) return Promise.resolve(true);
    if (charged.size >= limit) return Promise.resolve(false);
    charged.set(meeting, now);
    this.budgets.set(epoch, charged, now + windowMs, now);
    return Promise.resolve(true);
  }

  refund(epoch: string, partnerEpoch: string): Promise<void> {
    this.budgets.get(epoch)?.delete(meetingId(epoch, partnerEpoch));
    return Promise.resolve();
  }

  firstOfDay(
    day: string,
    sessionA: string,
    sessionB: string,
    claim: string,
    ttlMs: number,
  ): Promise<boolean> {
    const now = Date.now();
    const key = countedPair(day, sessionA, sessionB);
    if (this.counted.get(key, now) !== undefined) return Promise.resolve(false);
    this.counted.set(key, claim, now + ttlMs, now);
    return Promise.resolve(true);
  }

  dayMarker(day: string, sessionA: string, sessionB: string): Promise<string | undefined> {
    return Promise.resolve(this.counted.get(countedPair(day, sessionA, sessionB), Date.now()));
  }

  stillFirst(
    day: string,
    sessionA: string,
    sessionB: string,
    claim: string,
    ttlMs: number,
  ): Promise<boolean> {
    const now = Date.now();
    const key = countedPair(day, sessionA, sessionB);
    const held = this.counted.get(key, now);
    if (held !== undefined && held < claim) return Promise.resolve(false);
    this.counted.set(key, claim, now + ttlMs, now);
    return Promise.resolve(true);
  }

  /** Entries held (for tests of the sweep). */
  get size(): number {
    return this.sightings.size + this.meetings.size + this.budgets.size + this.counted.size;
  }
}

/** The day marker of a pair of sessions (what MatchKeys.countedPair names in Redis). */
function countedPair(day: string, sessionA: string, sessionB: string): string {
  return `${day}|${meetingId(sessionA, sessionB)}`;
}

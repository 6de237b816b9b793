import { InMemoryStatsRecorder } from '@sighej/stats';
import { DayCounts } from '../src/day-counts';
import { MeetingStore } from '../src/meetings/meeting-store';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const DAY = '2026-12-04';
const UNTIL = Date.now() + 3_600_000;

/** Day markers as Redis holds them, with the faults a failover or a lost reply bring. */
class Markers {
  readonly held = new Map<string, string>();
  /** The next claim is set, but its caller hears an error (the reply lost). */
  loseNextReply = false;

  firstOfDay(day: string, a: string, b: string, claim: string): Promise<boolean> {
    const key = [day, ...[a, b].sort()].join(' ');
    const first = !this.held.has(key);
    if (first) this.held.set(key, claim);
    if (this.loseNextReply) {
      this.loseNextReply = false;
      return Promise.reject(new Error('Command timed out'));
    }
    return Promise.resolve(first);
  }

  dayMarker(day: string, a: string, b: string): Promise<string | undefined> {
    return Promise.resolve(this.held.get([day, ...[a, b].sort()].join(' ')));
  }

  stillFirst(day: string, a: string, b: string, claim: string): Promise<boolean> {
    const key = [day, ...[a, b].sort()].join(' ');
    const held = this.held.get(key);
    if (held !== undefined && held < claim) return Promise.resolve(false);
    this.held.set(key, claim);
    return Promise.resolve(true);
  }

  /** A failover that lost every marker written lately. */
  lose(): void {
    this.held.clear();
  }

  /** What the other primary holds, after a second failover in a row switched back to it. */
  swap(other: Map<string, string>): Map<string, string> {
    const mine = new Map(this.held);
    this.held.clear();
    for (const [key, claim] of other) this.held.set(key, claim);
    return mine;
  }
}

describe('DayCounts', () => {
  let markers: Markers;
  let stats: InMemoryStatsRecorder;
  /** Two instances deciding meetings on one Redis. */
  let first: DayCounts;
  let second: DayCounts;

  beforeEach(() => {
    markers = new Markers();
    stats = new InMemoryStatsRecorder();
    first = new DayCounts(markers as unknown as MeetingStore, stats);
    second = new DayCounts(markers as unknown as MeetingStore, stats);
  });

  const checkBoth = (): Promise<unknown> => Promise.all([first.checkNow(), second.checkNow()]);

  it('counts a pair once a day, and its check keeps the count', async () => {
    await first.count(DAY, 'a', 'b', UNTIL);
    await second.count(DAY, 'b', 'a', UNTIL);
    await checkBoth();
    expect(stats.matches).toBe(1);
  });

  it('keeps one count when a failover lost the marker and the meeting, decided again, counted too', async () => {
    await first.count(DAY, 'a', 'b', UNTIL);
    markers.lose();
    await second.count(DAY, 'a', 'b', UNTIL);
    expect(stats.matches).toBe(2);
    await checkBoth();
    expect(stats.matches).toBe(1);
  });

  it('keeps one count when two failovers in a row show the two checks different primaries', async () => {
    await first.count(DAY, 'a', 'b', UNTIL);
    // The first claim reached only the old primary; the new one never had it.
    const old = markers.swap(new Map());
    await sleep(2);
    await second.count(DAY, 'a', 'b', UNTIL);
    expect(stats.matches).toBe(2);
    await first.checkNow();
    markers.swap(old);
    await second.checkNow();
    expect(stats.matches).toBe(1);
  });

  it('counts at once what is decided after the shutdown checked the held counts', async () => {
    await first.checkNow();
    await first.count(DAY, 'a', 'b', UNTIL);
    expect(stats.matches).toBe(1);
    await first.count(DAY, 'b', 'a', UNTIL);
    expect(stats.matches).toBe(1);
  });

  it('counts a check that Redis keeps refusing, once it gives up', async () => {
    await first.count(DAY, 'a', 'b', UNTIL);
    markers.stillFirst = () => Promise.reject(new Error('Connection is closed.'));
    await first.checkNow();
    expect(stats.matches).toBe(1);
  });

  it('claims a lost marker again at the check, so a later repeated decision counts nothing', async () => {
    await first.count(DAY, 'a', 'b', UNTIL);
    markers.lose();
    await first.checkNow();
    await second.count(DAY, 'a', 'b', UNTIL);
    await checkBoth();
    expect(stats.matches).toBe(1);
  });

  it('counts a claim whose reply was lost once its check finds it set, and the retried decision does not', async () => {
    markers.loseNextReply = true;
    await expect(first.count(DAY, 'a', 'b', UNTIL)).rejects.toThrow('Command timed out');
    await second.count(DAY, 'a', 'b', UNTIL);
    expect(stats.matches).toBe(0);
    await checkBoth();
    expect(stats.matches).toBe(1);
  });
});

import { CHECK_AFTER_MS } from '@sighej/match';
import type { HttpLedger } from './http-ledger';
import type { LedgerLine } from './ledger-line';

/** The flush interval the chaos instances run with (STATS_FLUSH_INTERVAL_MS). */
export const FLUSH_INTERVAL_MS = 1000;
/**
 * A count is in the instance's memory from the moment it is made until the flush after it is
 * committed: at most one interval, plus the flush's own write (a few ms; 500 ms allowed).
 */
const UNFLUSHED_MS = FLUSH_INTERVAL_MS + 500;

/** A count the service should have made, and which instance answered for it when. */
interface Counted {
  origin: string;
  at: number;
}

/** What `GET /stats` says of today. */
export interface StatsToday {
  total_sessions_today: number;
  total_matches_today: number;
}

/**
 * The ledger's own count of what the service's stats must show: every `POST /session`
 * answered 201, every pair of sessions that a `/match` answered `nudge_sent: true` for (a
 * pair counts once a day), and the instances killed with -9, whose unflushed counts are lost.
 */
export class StatsLedger {
  private readonly sessions: Counted[] = [];
  private readonly matches = new Map<string, Counted>();
  private readonly kills: Counted[] = [];

  constructor(private readonly http: HttpLedger) {}

  session(origin: string): void {
    this.sessions.push({ origin, at: Date.now() });
  }

  /** A meeting of sessions `a` and `b` was nudged; the pair's first of the day is the count. */
  match(a: string, b: string, origin: string): void {
    const pair = [a, b].sort().join(' ');
    if (!this.matches.has(pair)) this.matches.set(pair, { origin, at: Date.now() });
  }

  /** Just before a kill -9 of the instance at `origin`. */
  killed(origin: string): void {
    this.kills.push({ origin, at: Date.now() });
  }

  /** The ledger's counts so far, in the shape of `GET /stats`. */
  today(): StatsToday {
    return { total_sessions_today: this.sessions.length, total_matches_today: this.matches.size };
  }

  /**
   * A meeting decided again after a failover lost its decision (asynchronous replication)
   * still counts its pair once: the service holds a pair's count until its day marker is
   * checked (the match lib's DayCounts), so no allowance for it; a kill -9 before the check
   * loses the held count instead, so a match can be dropped for longer than a session.
   */
  lines(today: StatsToday): LedgerLine[] {
    return [
      this.line('sessions', today.total_sessions_today, this.sessions, '/session', UNFLUSHED_MS),
      this.line(
        'matches',
        today.total_matches_today,
        [...this.matches.values()],
        '/match',
        // The hold, up to three retries of a check Redis refused (1 s each: the schedule's
        // Redis faults can overlap an instance's kill), then a flush.
        CHECK_AFTER_MS + 3000 + UNFLUSHED_MS,
      ),
    ];
  }

  /**
   * Stats must equal the ledger, less what a kill could drop (counted on the killed instance
   * within one flush before the kill), plus the calls that got no answer (an instance killed
   * or shut down under them: the service may have counted one and flushed it; the ledger
   * cannot know).
   */
  private line(what: string, stats: number, counted: Counted[], path: string, unsavedMs: number): LedgerLine {
    const droppable = counted.filter((count) =>
      this.kills.some(
        (kill) => kill.origin === count.origin && count.at <= kill.at && count.at > kill.at - unsavedMs,
      ),
    ).length;
    const inDoubt = this.http.unansweredCalls.filter((call) => call.path === path).length;
    const ledger = counted.length;
    const most = ledger + inDoubt;
    return {
      text:
        `stats ${what} today: ${stats}, ledger ${ledger} (a kill -9 could drop ${droppable}; ` +
        `${inDoubt} ${path} calls cut unanswered; target ${ledger - droppable}–${most})`,
      ok: stats >= ledger - droppable && stats <= most,
    };
  }
}

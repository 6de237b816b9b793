interface Expected {
  partnerToken: string;
  calledAt: number;
}

interface Delivered {
  token: string | undefined;
  at: number;
}

interface SessionBook {
  expected: Expected[];
  unmatched: Delivered[];
  seenIds: Set<string>;
  /** The phone ended it ("open to talk" off) or the service ended it: what was pending is gone. */
  ended: boolean;
}

export interface LedgerTotals {
  expected: number;
  delivered: number;
  duplicated: number;
  /** Expected for a session that ended before the nudge arrived: gone with it, not lost. */
  forgone: number;
  lost: number;
  /** Of `lost`, those of the sessions `totals()` was asked about (the backgrounded phones'). */
  lostAmong: number;
  /** Delivered with no answer that announced it (e.g. a call whose answer never arrived). */
  unexpected: number;
  latenciesMs: number[];
}

/**
 * Pairs the nudges the answers announce (`nudge_sent: true` means one for each phone) with the
 * frames the phones' apps receive, by session and partner token.
 */
export class NudgeLedger {
  private readonly books = new Map<string, SessionBook>();
  private expectedCount = 0;
  private deliveredCount = 0;
  private duplicated = 0;
  private readonly latenciesMs: number[] = [];

  /** `onLatency` hears each latency measured, with the time its frame arrived. */
  constructor(private readonly onLatency: (at: number, ms: number) => void = () => undefined) {}

  get expected(): number {
    return this.expectedCount;
  }

  get delivered(): number {
    return this.deliveredCount;
  }

  expect(sessionId: string, partnerToken: string, calledAt: number): void {
    const book = this.book(sessionId);
    this.expectedCount++;
    const early = book.unmatched.findIndex(
      (frame) => frame.token === undefined || frame.token === partnerToken,
    );
    if (early >= 0) return this.matched(calledAt, book.unmatched.splice(early, 1)[0].at);
    book.expected.push({ partnerToken, calledAt });
  }

  deliver(sessionId: string, nudgeId: string, token: string | undefined, at: number): void {
    const book = this.book(sessionId);
    if (book.seenIds.has(nudgeId)) {
      this.duplicated++;
      return;
    }
    book.seenIds.add(nudgeId);
    this.deliveredCount++;
    // Frames carry the partner's token (SPEC); older servers do not, then first come first served.
    let index = book.expected.findIndex((expected) => expected.partnerToken === token);
    if (index < 0 && token === undefined && book.expected.length > 0) index = 0;
    // Not announced yet: the frame can beat the answer of the call that sent it.
    if (index < 0) return void book.unmatched.push({ token, at });
    this.matched(book.expected.splice(index, 1)[0].calledAt, at);
  }

  ended(sessionId: string): void {
    this.book(sessionId).ended = true;
  }

  /** Sessions still live that wait for a nudge. */
  outstanding(): number {
    let count = 0;
    for (const book of this.books.values()) if (!book.ended) count += book.expected.length;
    return count;
  }

  totals(among: ReadonlySet<string> = new Set()): LedgerTotals {
    let forgone = 0;
    let lost = 0;
    let lostAmong = 0;
    let unexpected = 0;
    for (const [sessionId, book] of this.books) {
      // A frame whose token differs from the one announced still delivered that session's nudge.
      const paired = Math.min(book.expected.length, book.unmatched.length);
      book.expected.splice(0, paired);
      book.unmatched.splice(0, paired);
      if (book.ended) forgone += book.expected.length;
      else {
        lost += book.expected.length;
        if (among.has(sessionId)) lostAmong += book.expected.length;
      }
      unexpected += book.unmatched.length;
    }
    return {
      expected: this.expectedCount,
      delivered: this.deliveredCount,
      duplicated: this.duplicated,
      forgone,
      lost,
      lostAmong,
      unexpected,
      latenciesMs: this.latenciesMs,
    };
  }

  private matched(calledAt: number, at: number): void {
    this.latenciesMs.push(at - calledAt);
    this.onLatency(at, at - calledAt);
  }

  private book(sessionId: string): SessionBook {
    let book = this.books.get(sessionId);
    if (book === undefined) {
      book = { expected: [], unmatched: [], seenIds: new Set(), ended: false };
      this.books.set(sessionId, book);
    }
    return book;
  }
}

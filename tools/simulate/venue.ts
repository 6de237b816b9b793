import { CallLimiter } from './call-limiter';
import { errorKind } from './error-kind';
import { NudgeLedger } from './nudge-ledger';
import { Phone } from './phone';
import { RunStats } from './run-stats';
import { SimulateOptions } from './simulate-options';

/** The phones in the hall and what they do at each scan. */
export class Venue {
  /** Every token a session ever broadcast, to find the partner of a meeting. */
  private readonly owners = new Map<string, { phone: Phone; sessionId: string }>();

  constructor(
    readonly phones: Phone[],
    private readonly options: SimulateOptions,
    private readonly ledger: NudgeLedger,
    private readonly stats: RunStats,
    private readonly limiter: CallLimiter,
    private readonly random: () => number,
  ) {}

  step(seconds: number): void {
    for (const phone of this.phones) phone.walker.step(seconds);
  }

  /** Scans of the phones whose turn it is; `now` in seconds since the start. */
  scanDue(now: number): void {
    for (const phone of this.phones) {
      if (now < phone.nextScanAt) continue;
      phone.nextScanAt = now + this.options.scanInterval;
      this.actAt(phone, now);
    }
  }

  private actAt(phone: Phone, now: number): void {
    const interval = this.options.scanInterval;
    if (!phone.live) {
      if (now >= phone.offUntil) void phone.switchOn();
      return;
    }
    // About once a minute "open to talk" goes off for a few seconds; about every 45 s a dead spot.
    if (this.random() < interval / 60) {
      phone.offUntil = now + 2 + this.random() * 6;
      return void phone.switchOff();
    }
    if (this.random() < interval / 45) phone.dropConnection();
    if (!phone.scanning) void this.scan(phone);
  }

  private async scan(phone: Phone): Promise<void> {
    // A service that cannot keep up sheds scans here instead of growing a queue without bound.
    if (this.limiter.waiting > this.options.maxInFlight * 4) return void this.stats.scansSkipped++;
    const tokens = this.tokensInRange(phone);
    phone.scanning = true;
    await Promise.all(tokens.map((token) => this.report(phone, token)));
    phone.scanning = false;
  }

  private tokensInRange(phone: Phone): string[] {
    const tokens: string[] = [];
    for (const other of this.phones) {
      const session = other.session;
      if (other === phone || session === undefined || session.ended) continue;
      if (phone.walker.distanceTo(other.walker) > this.options.range) continue;
      this.owners.set(session.bleToken, { phone: other, sessionId: session.sessionId });
      tokens.push(session.bleToken);
    }
    return tokens;
  }

  private async report(phone: Phone, token: string): Promise<void> {
    const session = phone.session;
    if (session === undefined || session.ended) return;
    // Where the two detected each other: the picture draws the meeting there, not where the answer found them.
    const here = { ...phone.walker.position };
    const there = { ...(this.owners.get(token)?.phone.walker.position ?? here) };
    await this.limiter.run(async () => {
      const ownToken = session.bleToken;
      const calledAt = performance.now();
      try {
        const answer = await session.reportSighting(token);
        this.stats.sightings++;
        this.stats.timeline.count('sightings');
        if (!answer.nudge_sent) return;
        this.stats.meetingCount++;
        this.stats.timeline.count('meetings');
        const partner = this.owners.get(token);
        this.ledger.expect(session.sessionId, token, calledAt);
        if (partner !== undefined) {
          this.ledger.expect(partner.sessionId, ownToken, calledAt);
          this.stats.meetings.push({ a: here, b: there });
        }
      } catch (error) {
        // A scan overtaken by "open to talk" going off: nothing went wrong.
        if (!session.ended) this.stats.error(errorKind(error));
      }
    });
  }
}

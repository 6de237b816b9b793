import { CallLimiter } from './call-limiter';
import { NudgeLedger } from './nudge-ledger';
import { Phone } from './phone';
import { RunStats } from './run-stats';

/** One line of where the run is: rewritten in place on a terminal, printed every 5 s otherwise. */
export class ProgressLine {
  private readonly tty = process.stderr.isTTY;
  private lastPrinted = -Infinity;

  constructor(
    private readonly phones: readonly Phone[],
    private readonly stats: RunStats,
    private readonly ledger: NudgeLedger,
    private readonly limiter: CallLimiter,
  ) {}

  show(label: string, elapsedSeconds: number): void {
    if (!this.tty && elapsedSeconds - this.lastPrinted < 5) return;
    this.lastPrinted = elapsedSeconds;
    const on = this.phones.filter((phone) => phone.live).length;
    const text =
      `${label} ${elapsedSeconds.toFixed(0)}s  on ${on}/${this.phones.length}  sightings ${this.stats.sightings}` +
      `  meetings ${this.stats.meetingCount}  nudges ${this.ledger.delivered}/${this.ledger.expected}` +
      `  in flight ${this.limiter.inFlight}  errors ${this.stats.errorCount()}`;
    process.stderr.write(this.tty ? `\r${text.padEnd(110)}` : `${text}\n`);
  }

  done(): void {
    if (this.tty) process.stderr.write('\n');
  }
}

import { Timeline } from './timeline';
import { Point } from './walker';

export interface Meeting {
  a: Point;
  b: Point;
}

/** What the run counts besides the nudges themselves. */
export class RunStats {
  sightings = 0;
  /** Answers with nudge_sent: true. */
  meetingCount = 0;
  /** Where the meetings happened, for the picture. */
  meetings: Meeting[] = [];
  /** Scans not made because too many calls were already waiting (the service is saturated). */
  scansSkipped = 0;
  sessionsCreated = 0;
  switchedOff = 0;
  rotations = 0;
  drops = 0;
  /** Replayed frames the client dropped before they reached the app (same nudge_id). */
  replaysDropped = 0;
  readonly errors = new Map<string, number>();
  /** The same events per second, for the report's timeline. */
  readonly timeline = new Timeline();

  error(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  errorCount(): number {
    let total = 0;
    for (const count of this.errors.values()) total += count;
    return total;
  }
}

import { Injectable } from '@nestjs/common';
import { StatsRecorder } from './stats-recorder';

/** Counts in process memory, for unit tests and until a durable adapter is wired. */
@Injectable()
export class InMemoryStatsRecorder implements StatsRecorder {
  sessions = 0;
  matches = 0;
  readonly categories = new Map<string, number>();

  recordSession(categories: readonly string[]): void {
    this.sessions += 1;
    for (const category of new Set(categories))
      this.categories.set(category, (this.categories.get(category) ?? 0) + 1);
  }

  recordMatch(): void {
    this.matches += 1;
  }

  holdMatch(): (keep: boolean) => void {
    this.matches += 1;
    return (keep) => {
      if (!keep) this.matches -= 1;
    };
  }
}

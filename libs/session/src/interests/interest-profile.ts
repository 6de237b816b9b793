import type { InterestCatalog } from './interest-catalog';
import type { InterestHasher } from './interest-hasher';
import { normaliseInterest } from './normalise-interest';

/** What is kept of one interest: enough to match and to report a category, never the words the user typed. */
export interface HashedInterest {
  readonly hash: string;
  readonly category: string;
}

/** Turns a user's raw interests into the hashed form that is stored and compared. */
export class InterestProfiler {
  constructor(
    private readonly catalog: InterestCatalog,
    private readonly hasher: InterestHasher,
  ) {}

  /**
   * Normalises, maps aliases, drops empties and merges duplicates (first occurrence wins, so the order is the
   * user's). An empty result is the caller's to reject.
   */
  profile(raw: readonly string[]): HashedInterest[] {
    const seen = new Set<string>();
    const profile: HashedInterest[] = [];
    for (const interest of raw) {
      const normalised = normaliseInterest(interest);
      if (normalised === '') continue;
      const canonical = this.catalog.canonical(normalised);
      if (seen.has(canonical)) continue;
      seen.add(canonical);
      profile.push({ hash: this.hasher.hash(canonical), category: this.catalog.categoryOf(canonical) });
    }
    return profile;
  }
}

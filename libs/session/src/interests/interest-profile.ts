import type { InterestCatalog } from './interest-catalog';
import { normaliseInterest } from './normalise-interest';

/**
 * A profile (SPEC): the set of a session's categories, as a bitmask over the catalog's
 * categories (`InterestCatalog.bitOf`). All the service keeps about a person.
 */
export type CategoryMask = number;

/** Turns a user's raw interests into their categories; the interests themselves are dropped here. */
export class InterestProfiler {
  constructor(private readonly catalog: InterestCatalog) {}

  /**
   * Normalises, maps aliases and drops empties, then keeps only each interest's category.
   * 0 when no interest is left: the caller's to reject.
   */
  profile(raw: readonly string[]): CategoryMask {
    let mask = 0;
    for (const interest of raw) {
      const normalised = normaliseInterest(interest);
      if (normalised !== '')
        mask |= this.catalog.bitOf(this.catalog.categoryOf(this.catalog.canonical(normalised)));
    }
    return mask;
  }
}

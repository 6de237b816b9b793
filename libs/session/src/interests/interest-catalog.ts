import catalogData from './interest-catalog.data.json';
import { normaliseInterest } from './normalise-interest';

/** The category of every interest the catalog does not know. Reserved: no catalog may declare it. */
export const OTHER_CATEGORY = 'other';

/** Categories a catalog may declare: with `other`'s bit they fill the 32-bit mask a session stores. */
export const MAX_CATEGORIES = 31;

export interface InterestCatalogEntry {
  readonly category: string;
  readonly aliases?: readonly string[];
}

/**
 * The shape of `interest-catalog.data.json`; names and aliases are already normalised. The file is not called
 * `interest-catalog.json` because Jest would resolve `./interest-catalog` to it instead of this module.
 */
export interface InterestCatalogData {
  readonly version: string;
  readonly categories: readonly string[];
  readonly interests: Readonly<Record<string, InterestCatalogEntry>>;
}

/**
 * Maps normalised interests to their canonical name and category. Immutable once built, so one instance can be
 * shared by every request.
 */
export class InterestCatalog {
  readonly version: string;
  readonly categories: readonly string[];
  /** The bit of `other` in a category mask: the one after the catalog's categories. */
  readonly otherBit: number;
  // Maps rather than plain objects: user input such as 'constructor' or '__proto__' must never hit a prototype.
  private readonly aliasToCanonical = new Map<string, string>();
  private readonly categoryByCanonical = new Map<string, string>();
  private readonly bitByCategory = new Map<string, number>();
  /** Every category with its bit, alphabetical: the order in which labels are answered. */
  private readonly alphabetical: readonly (readonly [string, number])[];

  constructor(data: InterestCatalogData) {
    if (data.version.trim() === '') throw new Error('Interest catalog has no version');
    this.version = data.version;
    this.categories = Object.freeze([...data.categories]);
    if (this.categories.length > MAX_CATEGORIES)
      throw new Error(`Interest catalog declares more than ${MAX_CATEGORIES} categories`);
    this.otherBit = 2 ** this.categories.length;

    const known = new Set<string>();
    for (const category of data.categories) {
      requireNormalised(category, 'category');
      if (category === OTHER_CATEGORY) {
        throw new Error(`Interest catalog declares the reserved category "${OTHER_CATEGORY}"`);
      }
      if (known.has(category)) throw new Error(`Interest catalog declares category "${category}" twice`);
      known.add(category);
      this.bitByCategory.set(category, 2 ** this.bitByCategory.size);
    }
    this.bitByCategory.set(OTHER_CATEGORY, this.otherBit);
    this.alphabetical = [...this.bitByCategory].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

    for (const [canonical, { category }] of Object.entries(data.interests)) {
      requireNormalised(canonical, 'interest');
      if (!known.has(category)) {
        throw new Error(`Interest "${canonical}" has category "${category}", which is not in categories`);
      }
      this.categoryByCanonical.set(canonical, category);
    }

    // A second pass so an alias is checked against every canonical name, wherever it appears in the file.
    for (const [canonical, { aliases = [] }] of Object.entries(data.interests)) {
      for (const alias of aliases) {
        requireNormalised(alias, `alias of "${canonical}"`);
        // An alias that is also a canonical name (even its own) would make canonical() ambiguous or a no-op.
        if (this.categoryByCanonical.has(alias)) {
          throw new Error(`Alias "${alias}" of "${canonical}" clashes with the interest "${alias}"`);
        }
        const owner = this.aliasToCanonical.get(alias);
        if (owner !== undefined) {
          throw new Error(`Alias "${alias}" of "${canonical}" clashes with the same alias of "${owner}"`);
        }
        this.aliasToCanonical.set(alias, canonical);
      }
    }
  }

  /** The catalog bundled with the code base. */
  static load(): InterestCatalog {
    return new InterestCatalog(catalogData);
  }

  /** The canonical name for a normalised interest; interests that are not an alias come back unchanged. */
  canonical(normalised: string): string {
    return this.aliasToCanonical.get(normalised) ?? normalised;
  }

  /** The category of a canonical interest, or `'other'` when the catalog does not know it. */
  categoryOf(canonical: string): string {
    return this.categoryByCanonical.get(canonical) ?? OTHER_CATEGORY;
  }

  /** The bit of a category (one of the catalog's, or `other`) in a category mask. */
  bitOf(category: string): number {
    const bit = this.bitByCategory.get(category);
    if (bit === undefined) throw new Error(`"${category}" is not a category of this catalog`);
    return bit;
  }

  /** The labels of the categories in `mask`, alphabetical. */
  labelsOf(mask: number): string[] {
    return this.alphabetical.filter(([, bit]) => (mask & bit) !== 0).map(([category]) => category);
  }
}

// A name that is not in normal form could never be looked up, since every lookup key is normalised first.
function requireNormalised(name: string, what: string): void {
  if (name === '' || normaliseInterest(name) !== name) {
    throw new Error(`Interest catalog ${what} "${name}" is empty or not normalised`);
  }
}

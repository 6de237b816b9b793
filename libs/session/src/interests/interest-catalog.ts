import catalogData from './interest-catalog.data.json';
import { normaliseInterest } from './normalise-interest';

/** The category of every interest the catalog does not know. Reserved: no catalog may declare it. */
export const OTHER_CATEGORY = 'other';

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
  // Maps rather than plain objects: user input such as 'constructor' or '__proto__' must never hit a prototype.
  private readonly aliasToCanonical = new Map<string, string>();
  private readonly categoryByCanonical = new Map<string, string>();

  constructor(data: InterestCatalogData) {
    if (data.version.trim() === '') throw new Error('Interest catalog has no version');
    this.version = data.version;
    this.categories = Object.freeze([...data.categories]);

    const known = new Set<string>();
    for (const category of data.categories) {
      requireNormalised(category, 'category');
      if (category === OTHER_CATEGORY) {
        throw new Error(`Interest catalog declares the reserved category "${OTHER_CATEGORY}"`);
      }
      if (known.has(category)) throw new Error(`Interest catalog declares category "${category}" twice`);
      known.add(category);
    }

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
}

// A name that is not in normal form could never be looked up, since every lookup key is normalised first.
function requireNormalised(name: string, what: string): void {
  if (name === '' || normaliseInterest(name) !== name) {
    throw new Error(`Interest catalog ${what} "${name}" is empty or not normalised`);
  }
}

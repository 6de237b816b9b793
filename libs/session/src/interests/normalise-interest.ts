/**
 * Invisible format characters that would make two visually identical interests hash differently.
 * ZWJ/ZWNJ (U+200C/U+200D) are deliberately kept: they change meaning in Persian and Indic scripts and hold
 * emoji sequences together.
 */
const INVISIBLE = /[\u00AD\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

// White_Space also covers U+0085 and the line/paragraph separators, which JavaScript's \s misses or NFKC keeps.
const WHITESPACE_RUN = /\p{White_Space}+/gu;

/**
 * Brings a user's free-form interest to the form it is compared and hashed in (SPEC "interest").
 * Catalog aliases are not applied here: that is InterestCatalog.canonical's job.
 */
export function normaliseInterest(raw: string): string {
  return (
    raw
      // Removed before NFKC so that a mark after an invisible character still composes with its base letter.
      .replace(INVISIBLE, '')
      .normalize('NFKC')
      .toLowerCase()
      // Lower-casing can leave a composable pair ('H' + U+0331 becomes 'h' + U+0331, which NFKC turns into
      // 'ẖ'), so the typed precomposed form and the lower-cased one only agree after a second pass.
      .normalize('NFKC')
      .replace(WHITESPACE_RUN, ' ')
      .trim()
  );
}

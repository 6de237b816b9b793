/** The part of a hashed interest that matching looks at. */
export interface MatchableInterest {
  readonly hash: string;
  readonly category: string;
}

/**
 * The category labels two interest profiles share, as SPEC reports them: de-duplicated,
 * most shared first, ties alphabetical. Empty when fewer than `minShared` interest hashes
 * are shared (no match). Pure, so it is tested without any storage.
 */
export function sharedCategories(
  a: readonly MatchableInterest[],
  b: readonly MatchableInterest[],
  minShared: number,
): string[] {
  const theirs = new Set(b.map((interest) => interest.hash));
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  let shared = 0;
  for (const { hash, category } of a) {
    // A profile has no duplicate hashes, but the function must not double count if one does.
    if (!theirs.has(hash) || seen.has(hash)) continue;
    seen.add(hash);
    shared += 1;
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  if (shared === 0 || shared < minShared) return [];
  return [...counts.entries()]
    .sort(([left, leftCount], [right, rightCount]) =>
      leftCount !== rightCount ? rightCount - leftCount : left < right ? -1 : left > right ? 1 : 0,
    )
    .map(([category]) => category);
}

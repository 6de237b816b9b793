export const TOP_CATEGORY_LIMIT = 5;

/**
 * The categories an admin may see: counted at least `minCount` times that day (the
 * small-cell rule, so no one's interests can be singled out), most counted first, ties
 * alphabetical, at most five.
 */
export function topCategories(counts: ReadonlyMap<string, number>, minCount: number): string[] {
  return [...counts]
    .filter(([, count]) => count >= minCount)
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, TOP_CATEGORY_LIMIT)
    .map(([category]) => category);
}

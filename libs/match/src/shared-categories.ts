import type { CategoryMask, InterestCatalog } from '@sighej/session';

/**
 * The category labels two profiles share, as SPEC reports them: alphabetical, never `other`
 * (free-form interests outside the catalog count for nobody). Empty when fewer than
 * `minShared` categories are shared (no match). One AND of two masks; pure, so it is tested
 * without any storage.
 */
export function sharedCategories(
  a: CategoryMask,
  b: CategoryMask,
  minShared: number,
  catalog: InterestCatalog,
): string[] {
  const shared = a & b & ~catalog.otherBit;
  if (shared === 0 || bitCount(shared) < minShared) return [];
  return catalog.labelsOf(shared);
}

function bitCount(mask: number): number {
  let count = 0;
  for (let rest = mask >>> 0; rest !== 0; rest &= rest - 1) count += 1;
  return count;
}

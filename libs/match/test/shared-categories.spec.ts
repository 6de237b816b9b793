import fc from 'fast-check';
import { InterestCatalog } from '@sighej/session';
import { sharedCategories } from '../src/shared-categories';

const catalog = InterestCatalog.load();
const mask = (...categories: string[]): number =>
  categories.reduce((bits, category) => bits | catalog.bitOf(category), 0);

describe('sharedCategories', () => {
  it('reports the shared categories alphabetical', () => {
    const a = mask('tech', 'music', 'sports', 'arts');
    const b = mask('arts', 'sports', 'tech', 'food');
    expect(sharedCategories(a, b, 1, catalog)).toEqual(['arts', 'sports', 'tech']);
  });

  it('is empty without a shared category', () => {
    expect(sharedCategories(mask('tech'), mask('music'), 1, catalog)).toEqual([]);
    expect(sharedCategories(0, mask('music'), 1, catalog)).toEqual([]);
  });

  it('never counts other as shared', () => {
    expect(sharedCategories(mask('other'), mask('other'), 1, catalog)).toEqual([]);
    expect(sharedCategories(mask('other', 'tech'), mask('other', 'tech'), 1, catalog)).toEqual(['tech']);
    expect(sharedCategories(mask('other', 'tech'), mask('other', 'tech'), 2, catalog)).toEqual([]);
  });

  it('needs at least minShared shared categories', () => {
    const both = mask('tech', 'music');
    expect(sharedCategories(both, both, 2, catalog)).toEqual(['music', 'tech']);
    expect(sharedCategories(both, both, 3, catalog)).toEqual([]);
    expect(sharedCategories(both, mask('tech'), 2, catalog)).toEqual([]);
  });

  it('is symmetric, de-duplicated, alphabetical and never other (property)', () => {
    const profile = fc.subarray([...catalog.categories, 'other']).map((list) => mask(...list));
    fc.assert(
      fc.property(profile, profile, fc.integer({ min: 1, max: 4 }), (a, b, min) => {
        const ab = sharedCategories(a, b, min, catalog);
        expect(ab).toEqual(sharedCategories(b, a, min, catalog));
        expect([...ab].sort()).toEqual(ab);
        expect(ab).not.toContain('other');
      }),
    );
  });
});

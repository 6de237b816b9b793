import fc from 'fast-check';
import { sharedCategories } from '../src/shared-categories';

const i = (hash: string, category: string) => ({ hash, category });

describe('sharedCategories', () => {
  it('reports the categories of shared hashes, most shared first, ties alphabetical', () => {
    const a = [i('h1', 'tech'), i('h2', 'music'), i('h3', 'tech'), i('h4', 'sports'), i('h5', 'arts')];
    const b = [i('h5', 'arts'), i('h4', 'sports'), i('h3', 'tech'), i('h1', 'tech'), i('h9', 'music')];
    expect(sharedCategories(a, b, 1)).toEqual(['tech', 'arts', 'sports']);
  });

  it('is empty without a shared hash, even when categories coincide', () => {
    expect(sharedCategories([i('h1', 'tech')], [i('h2', 'tech')], 1)).toEqual([]);
    expect(sharedCategories([], [i('h2', 'tech')], 1)).toEqual([]);
  });

  it('needs at least minShared shared hashes', () => {
    const a = [i('h1', 'tech'), i('h2', 'music')];
    const b = [i('h1', 'tech'), i('h2', 'music')];
    expect(sharedCategories(a, b, 2)).toEqual(['music', 'tech']);
    expect(sharedCategories(a, b, 3)).toEqual([]);
    expect(sharedCategories(a, [i('h1', 'tech')], 2)).toEqual([]);
  });

  it('counts a duplicated hash once', () => {
    expect(sharedCategories([i('h1', 'tech'), i('h1', 'tech')], [i('h1', 'tech')], 2)).toEqual([]);
  });

  it('is symmetric, de-duplicated and ordered (property)', () => {
    const interest = fc.record({
      hash: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      category: fc.constantFrom('tech', 'music', 'arts'),
    });
    // One catalog: a hash always has the same category.
    const consistent = fc
      .array(interest, { maxLength: 8 })
      .map((list) => list.map(({ hash }) => ({ hash, category: `cat-${hash.charCodeAt(0) % 3}` })));
    fc.assert(
      fc.property(consistent, consistent, fc.integer({ min: 1, max: 4 }), (a, b, min) => {
        const ab = sharedCategories(a, b, min);
        expect(ab).toEqual(sharedCategories(b, a, min));
        expect(new Set(ab).size).toBe(ab.length);
      }),
    );
  });
});

import {
  InterestCatalog,
  type InterestCatalogData,
  MAX_CATEGORIES,
  normaliseInterest,
} from '../src/interests';
import catalogJson from '../src/interests/interest-catalog.data.json';

const small = (
  interests: InterestCatalogData['interests'],
  categories = ['tech', 'music'],
): InterestCatalogData => ({
  version: 'test.1',
  categories,
  interests,
});

describe('InterestCatalog (bundled)', () => {
  const catalog = InterestCatalog.load();

  it('has a version and 10-20 categories, including the ones the spec names', () => {
    expect(catalog.version).toBe('2026-11-25.1');
    expect(catalog.categories.length).toBeGreaterThanOrEqual(10);
    expect(catalog.categories.length).toBeLessThanOrEqual(20);
    expect(catalog.categories).toEqual(expect.arrayContaining(['tech', 'music', 'philosophy', 'sports']));
    expect(catalog.categories).not.toContain('other');
  });

  it('knows at least 250 interests', () => {
    const known = Object.keys(catalogJson.interests).filter((name) => catalog.categoryOf(name) !== 'other');
    expect(known.length).toBeGreaterThanOrEqual(250);
  });

  it('places the spec examples', () => {
    expect(catalog.canonical('k8s')).toBe('kubernetes');
    expect(catalog.categoryOf(catalog.canonical('k8s'))).toBe('tech');
    expect(catalog.categoryOf('devops')).toBe('tech');
    expect(catalog.categoryOf('hardstyle')).toBe('music');
    expect(catalog.categoryOf('philosophy')).toBe('philosophy');
    expect(catalog.canonical('js')).toBe('javascript');
    expect(catalog.canonical('ml')).toBe('machine learning');
  });

  it('leaves unknown interests unchanged and files them under other', () => {
    expect(catalog.canonical('underwater basket weaving')).toBe('underwater basket weaving');
    expect(catalog.categoryOf('underwater basket weaving')).toBe('other');
  });

  it('is not fooled by Object.prototype names', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(catalog.canonical(name)).toBe(name);
      expect(catalog.categoryOf(name)).toBe('other');
    }
  });

  it('only holds names that survive normalisation, so each is reachable', () => {
    for (const [name, { aliases }] of Object.entries(catalogJson.interests)) {
      for (const written of [name, ...aliases]) expect(normaliseInterest(written)).toBe(written);
    }
  });

  it('exposes categories read-only', () => {
    expect(Object.isFrozen(catalog.categories)).toBe(true);
  });
});

describe('InterestCatalog (validation)', () => {
  it('accepts a small catalog and maps its aliases', () => {
    const catalog = new InterestCatalog(
      small({ kubernetes: { category: 'tech', aliases: ['k8s'] }, jazz: { category: 'music' } }),
    );
    expect(catalog.version).toBe('test.1');
    expect(catalog.categories).toEqual(['tech', 'music']);
    expect(catalog.canonical('k8s')).toBe('kubernetes');
    expect(catalog.categoryOf('jazz')).toBe('music');
  });

  it('rejects an alias used by two interests', () => {
    const data = small({
      kubernetes: { category: 'tech', aliases: ['k8s'] },
      kustomize: { category: 'tech', aliases: ['k8s'] },
    });
    expect(() => new InterestCatalog(data)).toThrow(/"k8s".*"kustomize".*"kubernetes"/);
  });

  it('rejects an alias that is another canonical name, wherever it appears', () => {
    const data = small({
      football: { category: 'tech', aliases: ['soccer'] },
      soccer: { category: 'tech' },
    });
    expect(() => new InterestCatalog(data)).toThrow(/"soccer"/);
  });

  it('rejects an alias equal to its own canonical name', () => {
    expect(() => new InterestCatalog(small({ jazz: { category: 'music', aliases: ['jazz'] } }))).toThrow(
      /"jazz"/,
    );
  });

  it('rejects a category that is not declared', () => {
    expect(() => new InterestCatalog(small({ chess: { category: 'games' } }))).toThrow(/"chess".*"games"/);
  });

  it('rejects the reserved category other and duplicate categories', () => {
    expect(() => new InterestCatalog(small({}, ['tech', 'other']))).toThrow(/"other"/);
    expect(() => new InterestCatalog(small({}, ['tech', 'tech']))).toThrow(/"tech"/);
  });

  it('rejects names that are not normalised', () => {
    expect(() => new InterestCatalog(small({ DevOps: { category: 'tech' } }))).toThrow(/"DevOps"/);
    expect(() => new InterestCatalog(small({ js: { category: 'tech', aliases: ['JS '] } }))).toThrow(/"JS "/);
  });

  it("refuses more categories than a session's 32-bit mask holds beside other", () => {
    const many = Array.from({ length: MAX_CATEGORIES + 1 }, (_, n) => `c${n}`);
    expect(() => new InterestCatalog(small({}, many))).toThrow(/more than 31 categories/);
    expect(() => new InterestCatalog(small({}, many.slice(1)))).not.toThrow();
  });

  it('gives each category one bit, other the one after them, and reads masks back alphabetically', () => {
    const catalog = new InterestCatalog(small({}, ['tech', 'music', 'arts']));
    expect([catalog.bitOf('tech'), catalog.bitOf('music'), catalog.bitOf('arts'), catalog.otherBit]).toEqual([
      1, 2, 4, 8,
    ]);
    expect(catalog.bitOf('other')).toBe(catalog.otherBit);
    expect(catalog.labelsOf(0b1111)).toEqual(['arts', 'music', 'other', 'tech']);
    expect(catalog.labelsOf(0)).toEqual([]);
    expect(() => catalog.bitOf('food')).toThrow(/"food"/);
  });
});

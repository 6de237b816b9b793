import { InterestCatalog, InterestProfiler, type InterestCatalogData } from '../src/interests';

const data: InterestCatalogData = {
  version: 'test.1',
  categories: ['tech', 'music', 'food'],
  interests: {
    kubernetes: { category: 'tech', aliases: ['k8s'] },
    devops: { category: 'tech' },
    hardstyle: { category: 'music' },
    'machine learning': { category: 'tech', aliases: ['ml'] },
    café: { category: 'food' },
  },
};

describe('InterestProfiler', () => {
  const catalog = new InterestCatalog(data);
  const profiler = new InterestProfiler(catalog);
  const labels = (raw: string[]): string[] => catalog.labelsOf(profiler.profile(raw));

  it('keeps the categories of the interests, alphabetical, unknown ones as other', () => {
    expect(labels(['devops', 'hardstyle', 'philosophy'])).toEqual(['music', 'other', 'tech']);
  });

  it('maps bits in catalog order, other after the last category', () => {
    expect(profiler.profile(['devops'])).toBe(0b001);
    expect(profiler.profile(['hardstyle'])).toBe(0b010);
    expect(profiler.profile(['café'])).toBe(0b100);
    expect(profiler.profile(['knitting'])).toBe(catalog.otherBit);
    expect(catalog.otherBit).toBe(0b1000);
  });

  it('merges aliases, case and Unicode variants into one category', () => {
    expect(labels(['K8s', 'kubernetes ', 'ＫＵＢＥＲＮＥＴＥＳ', 'ＤｅｖＯｐｓ'])).toEqual(['tech']);
  });

  it('treats a combining accent like the precomposed letter', () => {
    expect(labels(['cafe\u0301', 'caf\u00e9', 'CAFÉ'])).toEqual(['food']);
  });

  it('collapses NBSP, tabs and ideographic spaces before mapping aliases', () => {
    expect(
      profiler.profile(['machine\u00a0learning', 'machine\tlearning', 'machine\u3000learning', 'ML']),
    ).toBe(catalog.bitOf('tech'));
  });

  it('drops whitespace-only and invisible-only input; nothing left is 0', () => {
    expect(labels(['   ', '\t\u00a0\u3000', '\u200b', 'devops'])).toEqual(['tech']);
    expect(profiler.profile([' ', '\n'])).toBe(0);
  });

  it('keeps nothing of the raw strings: two people with other interests in the same categories get one profile', () => {
    expect(profiler.profile(['DevOps', 'hardstyle', 'my secret hobby'])).toBe(
      profiler.profile(['k8s', 'hardstyle', 'a different hobby']),
    );
  });
});

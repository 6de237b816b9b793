import {
  InterestCatalog,
  InterestHasher,
  InterestProfiler,
  type HashedInterest,
  type InterestCatalogData,
} from '../src/interests';

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
  const hasher = new InterestHasher('test-secret');
  const profiler = new InterestProfiler(new InterestCatalog(data), hasher);
  const entry = (canonical: string, category: string): HashedInterest => ({
    hash: hasher.hash(canonical),
    category,
  });

  it('hashes canonical names and attaches their category', () => {
    expect(profiler.profile(['devops', 'hardstyle', 'philosophy'])).toEqual([
      entry('devops', 'tech'),
      entry('hardstyle', 'music'),
      entry('philosophy', 'other'),
    ]);
  });

  it('merges aliases, case and Unicode variants into one entry', () => {
    expect(profiler.profile(['K8s', 'kubernetes ', 'ＫＵＢＥＲＮＥＴＥＳ'])).toEqual([
      entry('kubernetes', 'tech'),
    ]);
  });

  it('treats full-width letters as their ASCII form', () => {
    expect(profiler.profile(['ＤｅｖＯｐｓ'])).toEqual([entry('devops', 'tech')]);
  });

  it('treats a combining accent like the precomposed letter', () => {
    expect(profiler.profile(['cafe\u0301', 'caf\u00e9', 'CAFÉ'])).toEqual([entry('caf\u00e9', 'food')]);
  });

  it('collapses NBSP, tabs and ideographic spaces', () => {
    expect(
      profiler.profile(['machine\u00a0learning', 'machine\tlearning', 'machine\u3000learning', 'ML']),
    ).toEqual([entry('machine learning', 'tech')]);
  });

  it('keeps the first-seen order', () => {
    expect(profiler.profile(['hardstyle', 'DevOps', 'HARDSTYLE', 'k8s'])).toEqual([
      entry('hardstyle', 'music'),
      entry('devops', 'tech'),
      entry('kubernetes', 'tech'),
    ]);
  });

  it('drops whitespace-only and invisible-only input', () => {
    expect(profiler.profile(['   ', '\t\u00a0\u3000', '\u200b', 'devops'])).toEqual([
      entry('devops', 'tech'),
    ]);
    expect(profiler.profile([' ', '\n'])).toEqual([]);
  });

  it('keeps nothing of the raw string', () => {
    const profile = profiler.profile(['DevOps', 'my secret hobby']);
    expect(profile.map((interest) => Object.keys(interest).sort())).toEqual([
      ['category', 'hash'],
      ['category', 'hash'],
    ]);
    expect(JSON.stringify(profile)).not.toMatch(/devops|secret|hobby/i);
  });
});

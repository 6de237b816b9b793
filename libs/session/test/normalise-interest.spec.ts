import fc from 'fast-check';
import { normaliseInterest } from '../src/interests';

describe('normaliseInterest', () => {
  it.each([
    ['DevOps', 'devops'],
    ['  hardstyle  ', 'hardstyle'],
    ['ＤｅｖＯｐｓ', 'devops'],
    ['machine\t\n  learning', 'machine learning'],
    ['machine\u00a0learning', 'machine learning'],
    ['machine\u3000learning', 'machine learning'],
    ['machine\u2028\u0085learning', 'machine learning'],
    ['dev\u200bops', 'devops'],
    ['\ufeffdevops', 'devops'],
    ['de\u00advops', 'devops'],
    ['\u202edevops\u202c', 'devops'],
    ['ﬁlm', 'film'],
    ['ẞtraße', 'ßtraße'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseInterest(raw)).toBe(expected);
  });

  it('composes combining accents so they equal the precomposed letter', () => {
    expect(normaliseInterest('cafe\u0301')).toBe('caf\u00e9');
    expect(normaliseInterest('CAFE\u0301')).toBe('caf\u00e9');
    expect(normaliseInterest('cafe\u200b\u0301')).toBe('caf\u00e9');
  });

  it('re-composes pairs that only become composable after lower-casing', () => {
    // There is no upper-case 'ẖ', so 'H' + macron below only composes once it is lower case.
    expect(normaliseInterest('H\u0331')).toBe('\u1e96');
    expect(normaliseInterest('T\u0308')).toBe(normaliseInterest('\u1e97'));
  });

  it('keeps joiners that carry meaning', () => {
    expect(normaliseInterest('👩\u200d💻')).toBe('👩\u200d💻');
  });

  it('turns whitespace-only input into the empty string', () => {
    expect(normaliseInterest(' \t\u00a0\u3000\u200b\n')).toBe('');
  });

  it('does not apply catalog aliases', () => {
    expect(normaliseInterest('K8s')).toBe('k8s');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const once = normaliseInterest(raw);
        expect(normaliseInterest(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

import { unsafeInput } from '../src/validation/unsafe-input';

const LONE = '\uD800';
const surrogateAt = (path: string): string =>
  `${path} contains a lone UTF-16 surrogate, which is not valid Unicode`;

describe('unsafeInput', () => {
  it('accepts ordinary values, valid surrogate pairs included', () => {
    expect(
      unsafeInput({ interests: ['music', '🎸 guitar'], nested: { deep: [1, true, null] } }),
    ).toBeUndefined();
    expect(unsafeInput('plain')).toBeUndefined();
    expect(unsafeInput(undefined)).toBeUndefined();
  });

  it('names where a lone surrogate sits', () => {
    expect(unsafeInput(LONE)).toBe(surrogateAt('value'));
    expect(unsafeInput([LONE])).toBe(surrogateAt('[0]'));
    expect(unsafeInput({ interests: ['ok', `x${LONE}`] })).toBe(surrogateAt('interests[1]'));
    expect(unsafeInput({ a: { b: [{ c: LONE }] } })).toBe(surrogateAt('a.b[0].c'));
  });

  it('refuses prototype-named fields and lone surrogates in field names at any depth', () => {
    expect(unsafeInput(JSON.parse('{"a":[{"__proto__":{}}]}'))).toBe('property __proto__ should not exist');
    expect(unsafeInput({ list: [{ constructor: 1 }] })).toBe('property constructor should not exist');
    expect(unsafeInput({ [`k${LONE}`]: 1 })).toBe(
      'a property name contains a lone UTF-16 surrogate, which is not valid Unicode',
    );
  });

  it('reports a field name before the values of the same object', () => {
    expect(unsafeInput({ a: LONE, prototype: 1 })).toBe('property prototype should not exist');
  });
});

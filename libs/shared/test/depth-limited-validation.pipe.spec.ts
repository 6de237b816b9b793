import {
  DepthLimitedValidationPipe,
  nestedDeeperThan,
} from '../src/validation/depth-limited-validation.pipe';

describe('nestedDeeperThan', () => {
  const nest = (levels: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i += 1) value = i % 2 === 0 ? [value] : { a: value };
    return value;
  };

  it('accepts flat and moderately nested values', () => {
    expect(nestedDeeperThan({ ble_token: 'abc', interests: ['a', 'b'] }, 16)).toBe(false);
    expect(nestedDeeperThan(nest(16), 16)).toBe(false);
    expect(nestedDeeperThan(undefined, 16)).toBe(false);
  });

  it('flags values nested past the limit without recursing', () => {
    expect(nestedDeeperThan(nest(17), 16)).toBe(true);
    expect(nestedDeeperThan(nest(100_000), 16)).toBe(true);
  });
});

describe('DepthLimitedValidationPipe', () => {
  const pipe = new DepthLimitedValidationPipe();

  it('hands a custom parameter (a session the guard found) through untouched: pipes see only the request', async () => {
    const found = { session: { id: 'x', nested: [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]] } };
    const walk = jest.spyOn(Object, 'values');
    await expect(pipe.transform(found, { type: 'custom', metatype: Object })).resolves.toBe(found);
    expect(walk).not.toHaveBeenCalled();
    walk.mockRestore();
  });

  it('validates a missing body as an empty object', async () => {
    await expect(pipe.transform(undefined, { type: 'body', metatype: Object })).resolves.toEqual({});
  });
});

import { QUARANTINED, sessionCodec } from '../src/store/session-codec';

describe('sessionCodec', () => {
  const session = {
    id: 's1',
    accessHash: 'h',
    interests: [{ hash: 'x', category: 'tech' }],
    expiresAt: 1,
    epoch: 'e1',
  };

  it('decodes what it encodes', () => {
    expect(sessionCodec.decode(sessionCodec.encode(session))).toEqual(session);
  });

  it.each([
    ['not JSON', 'nope'],
    ['JSON that is not an object', '"s1"'],
    ['a missing field', JSON.stringify({ id: 's1', a: 'h', i: [] })],
    ['a malformed interest', JSON.stringify({ id: 's1', a: 'h', i: [['x']], e: 1 })],
    ['a wrongly typed field', JSON.stringify({ id: 1, a: 'h', i: [], e: 1 })],
  ])('refuses %s instead of returning half a session', (_, stored) => {
    expect(() => sessionCodec.decode(stored)).toThrow();
  });
});

describe('sessionCodec quarantine', () => {
  it('reads the quarantine marker of a rotated-away token as no session', () => {
    expect(sessionCodec.decode(QUARANTINED)).toBeUndefined();
  });
});

describe('sessionCodec for a token with no session', () => {
  it('decodes a session-shaped stand-in and answers no session, so both lookups cost the same', () => {
    const decode = jest.spyOn(sessionCodec, 'decode');
    expect(sessionCodec.decodeNothing()).toBeUndefined();
    expect(decode).toHaveBeenCalledTimes(1);
    expect(decode.mock.results[0]?.value).toMatchObject({ expiresAt: 0, interests: expect.any(Array) });
    decode.mockRestore();
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import type { Session } from '../src/session';
import { SESSION_RECORD_BYTES, sessionCodec } from '../src/store/session-codec';

const aSession = (categories: number): Session => ({
  id: randomUUID(),
  accessHash: randomBytes(32).toString('base64url'),
  categories,
  expiresAt: Date.now() + 7_200_000,
  epoch: randomBytes(16).toString('base64url'),
});

describe('sessionCodec', () => {
  it('decodes what it encodes', () => {
    const session = aSession(0b1010_0000_0001);
    expect(sessionCodec.decode(sessionCodec.encode(session))).toEqual(session);
  });

  it('encodes every profile, one category or all of them, in the same number of bytes', () => {
    const lengths = [0b1, 0x3ffff, 0x7fffffff].map((categories) =>
      Buffer.byteLength(sessionCodec.encode(aSession(categories))),
    );
    expect(lengths).toEqual([SESSION_RECORD_BYTES, SESSION_RECORD_BYTES, SESSION_RECORD_BYTES]);
  });

  it.each([
    ['not a record', 'nope'],
    ['the old JSON form', JSON.stringify({ id: 's1', a: 'h', i: [], e: 1, p: 'e' })],
    ['a missing field', sessionCodec.encode(aSession(1)).split('|').slice(0, 4).join('|')],
    ['a short id', `x${sessionCodec.encode(aSession(1)).slice(2)}`],
    ['a mask that is not hex', sessionCodec.encode(aSession(1)).replace(/\|[0-9a-f]{8}\|/, '|0000000z|')],
  ])('refuses %s instead of returning half a session', (_, stored) => {
    expect(() => sessionCodec.decode(stored)).toThrow();
  });
});

describe('sessionCodec for a token with no session', () => {
  it("decodes a stand-in of the record's exact form and answers no session, so both lookups cost the same", () => {
    const decode = jest.spyOn(sessionCodec, 'decode');
    expect(sessionCodec.decodeNothing()).toBeUndefined();
    expect(decode).toHaveBeenCalledTimes(1);
    const [standIn] = decode.mock.calls[0] ?? [];
    expect(Buffer.byteLength(standIn ?? '')).toBe(SESSION_RECORD_BYTES);
    expect(decode.mock.results[0]?.value).toMatchObject({ expiresAt: 0, categories: 0 });
    decode.mockRestore();
  });
});

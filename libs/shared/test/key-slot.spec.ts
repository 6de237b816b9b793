import { keySlot } from '../src';

describe('keySlot', () => {
  it('is CRC16-XMODEM mod 16384, like CLUSTER KEYSLOT', () => {
    // The CRC16 check value of "123456789" is 0x31C3.
    expect(keySlot('123456789')).toBe(0x31c3);
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('')).toBe(0);
  });

  it('hashes only the first non-empty {hash tag}', () => {
    expect(keySlot('sighej:{s:abc}:ch')).toBe(keySlot('s:abc'));
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    // An empty first tag hashes the whole key; the tag ends at the first `}` after the first `{`
    // (values from CLUSTER KEYSLOT on Redis 7.0).
    expect(keySlot('foo{}{bar}')).toBe(8363);
    expect(keySlot('foo{{bar}}zap')).toBe(4015);
  });
});

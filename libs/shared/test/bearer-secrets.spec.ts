import { BearerSecrets, bearerToken } from '../src/auth';

describe('BearerSecrets', () => {
  const secrets = new BearerSecrets(['metrics-token-0123456789', undefined, 'admin-key-0123456789']);

  it('accepts any configured secret as a bearer token', () => {
    expect(secrets.matches('Bearer metrics-token-0123456789')).toBe(true);
    expect(secrets.matches('bearer   admin-key-0123456789 ')).toBe(true);
  });

  it('refuses other tokens, other schemes, prefixes and missing headers', () => {
    expect(secrets.matches('Bearer admin-key-012345678')).toBe(false);
    expect(secrets.matches('Basic admin-key-0123456789')).toBe(false);
    expect(secrets.matches(undefined)).toBe(false);
    expect(secrets.matches(['Bearer admin-key-0123456789'])).toBe(false);
  });

  it('knows when nothing is configured, and then matches nothing', () => {
    const none = new BearerSecrets([undefined]);
    expect(none.configured).toBe(false);
    expect(none.matches('Bearer ')).toBe(false);
    expect(secrets.configured).toBe(true);
  });

  it('parses the bearer token of a header', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken('Token abc')).toBeUndefined();
  });
});

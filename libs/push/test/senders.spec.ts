import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { signJwt } from '../src/jwt/sign-jwt';
import { encryptPayload } from '../src/crypto/encrypt-payload';
import { isPublicAddress, isPublicHost } from '../src/senders/public-address';
import { retryAfterMs } from '../src/senders/retry-after';
import { ApnsProviderToken } from '../src/senders/apns-provider-token';
import { VapidHeaders } from '../src/senders/vapid-headers';
import { generateVAPIDKeys } from 'web-push';
import { TestPhone } from '../../../test/support/push-providers/test-phone';
import { p256PublicKey, verifyJwt } from '../../../tools/push-service/verify-jwt';

describe('RFC 8291 payload encryption', () => {
  it('is decrypted by an independent implementation with the phone key, fresh each time', () => {
    const phone = new TestPhone();
    const frame = JSON.stringify({ type: 'nudge', nudge_id: 'n1', shared_interests: ['tech'] });
    const [one, two] = [encryptPayload(frame, phone.keys), encryptPayload(frame, phone.keys)];
    expect(phone.decrypt(one)).toBe(frame);
    expect(one.equals(two)).toBe(false);
    expect(one.toString('utf8')).not.toContain('tech');
    expect(() => new TestPhone().decrypt(one)).toThrow();
  });
});

describe('signJwt', () => {
  it.each([
    ['ES256', generateKeyPairSync('ec', { namedCurve: 'prime256v1' })],
    ['RS256', generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ] as const)('signs %s JWTs a verifier accepts', (algorithm, { privateKey, publicKey }) => {
    const jwt = signJwt(algorithm, { kid: 'K' }, { iss: 'T', iat: 1 }, privateKey);
    expect(verifyJwt(jwt, publicKey, algorithm)).toEqual({
      header: { alg: algorithm, kid: 'K' },
      claims: { iss: 'T', iat: 1 },
    });
  });
});

describe('ApnsProviderToken', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const key = createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }));
  it('keeps one token for 40 minutes (Apple: not more often than every 20, none older than 60)', () => {
    const token = new ApnsProviderToken({ key, keyId: 'ABC123DEFG', teamId: 'TEAM123456' });
    const start = 1_800_000_000_000;
    const first = token.current(start);
    expect(token.current(start + 39 * 60_000)).toBe(first);
    const renewed = token.current(start + 40 * 60_000);
    expect(renewed).not.toBe(first);
    expect(verifyJwt(renewed, createPublicKey(key), 'ES256').claims).toEqual({
      iss: 'TEAM123456',
      iat: 1_800_002_400,
    });
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates, nothing else', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('public addresses', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.8',
    '172.20.1.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0.0.0.0',
    '224.0.0.1',
  ])('%s is not public', (address) => expect(isPublicAddress(address)).toBe(false));
  it.each(['8.8.8.8', '2001:4860:4860::8888'])('%s is public', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );
  it('refuses local names and accepts ordinary ones', () => {
    for (const host of ['localhost', 'printer.local', 'db.internal', 'intranet', '[::1]'])
      expect(isPublicHost(host)).toBe(false);
    expect(isPublicHost('fcm.googleapis.com')).toBe(true);
  });
});

describe('VapidHeaders', () => {
  const keys = generateVAPIDKeys();
  const config = {
    vapidPublicKey: keys.publicKey,
    vapidPrivateKey: keys.privateKey,
    subject: 'mailto:ops@sighej.test',
  };
  const publicKey = p256PublicKey(keys.publicKey);
  const jwtOf = (header: string): string => /^vapid t=([^,]+), k=/.exec(header)![1];

  it('signs one JWT per push service origin, valid 12 h, for that origin, and reuses it for 11 h', () => {
    // web-push checks the expiry against the real clock (at most 24 h ahead): start from it.
    let now = Math.floor(Date.now() / 1000) * 1000;
    const headers = new VapidHeaders(config, () => now);
    const first = headers.for('https://push.example.net/wpush/v2/abc');
    expect(first).toMatch(new RegExp(`, k=${keys.publicKey}$`));
    const { claims } = verifyJwt(jwtOf(first), publicKey, 'ES256');
    expect(claims).toEqual({
      aud: 'https://push.example.net',
      exp: now / 1000 + 12 * 3600,
      sub: 'mailto:ops@sighej.test',
    });
    expect(headers.for('https://push.example.net/wpush/v2/other-device')).toBe(first);
    const other = headers.for('https://updates.push.example.org/x');
    expect(verifyJwt(jwtOf(other), publicKey, 'ES256').claims.aud).toBe('https://updates.push.example.org');
    now += 11 * 3600 * 1000 - 1;
    expect(headers.for('https://push.example.net/wpush/v2/abc')).toBe(first);
    now += 2;
    const renewed = headers.for('https://push.example.net/wpush/v2/abc');
    expect(renewed).not.toBe(first);
    expect(verifyJwt(jwtOf(renewed), publicKey, 'ES256').claims.exp).toBe(Math.floor(now / 1000) + 12 * 3600);
  });
});

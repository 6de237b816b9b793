import { createHmac } from 'node:crypto';
import { InterestHasher } from '../src/interests';

describe('InterestHasher', () => {
  const hasher = new InterestHasher('test-secret');

  it('is stable for the same secret and interest', () => {
    expect(hasher.hash('devops')).toBe(new InterestHasher('test-secret').hash('devops'));
  });

  it('is HMAC-SHA256 of the interest under the secret', () => {
    const expected = createHmac('sha256', 'test-secret').update('devops').digest('base64url');
    expect(hasher.hash('devops')).toBe(expected);
  });

  it('depends on the secret and on the interest', () => {
    expect(new InterestHasher('other-secret').hash('devops')).not.toBe(hasher.hash('devops'));
    expect(hasher.hash('hardstyle')).not.toBe(hasher.hash('devops'));
  });

  it('yields 43 characters of unpadded base64url, also for non-ASCII input', () => {
    for (const interest of ['devops', 'café', '日本語', '👩\u200d💻', '']) {
      expect(hasher.hash(interest)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('never echoes the interest', () => {
    expect(hasher.hash('kubernetes')).not.toContain('kubernetes');
  });

  it('refuses an empty secret', () => {
    expect(() => new InterestHasher('')).toThrow(/secret/);
  });
});

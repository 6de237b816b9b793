import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits of randomness, base64url: what the phone proves it created the session with. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token has full entropy, so a fast hash is enough (no password stretching needed). */
export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function accessTokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashAccessToken(token));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

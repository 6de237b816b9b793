import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits of randomness, base64url: what the phone proves it created the session with. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token has full entropy, so a fast hash is enough (no password stretching needed). */
export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A stored hash no token has: checked against when there is no session, so a 401 costs the same either way. */
const NOBODY = hashAccessToken(randomBytes(32).toString('base64url'));

/**
 * Whether `token` is the access token behind `storedHash`; false for a session that does not
 * exist (`undefined`), after the same work.
 */
export function accessTokenMatches(token: string, storedHash: string | undefined): boolean {
  const given = Buffer.from(hashAccessToken(token));
  const stored = Buffer.from(storedHash ?? NOBODY);
  return given.length === stored.length && timingSafeEqual(given, stored) && storedHash !== undefined;
}

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

/** A stored hash no token has: checked against when there is no session, so a 401 costs the same either way. */
const NOBODY = hashAccessToken(randomBytes(32).toString('base64url'));

/** `accessTokenMatches` against a session that may not exist (then false, after the same work). */
export function accessTokenMatchesAny(token: string, storedHash: string | undefined): boolean {
  const matches = accessTokenMatches(token, storedHash ?? NOBODY);
  return storedHash !== undefined && matches;
}

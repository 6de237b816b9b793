import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken } from './bearer-token';

const digest = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/**
 * The configured secrets a bearer token may match (admin key, metrics token). Compared as
 * SHA-256 digests in constant time against every secret (equal lengths, no early exit), so
 * neither the content nor the length of a secret leaks through timing.
 */
export class BearerSecrets {
  private readonly digests: Buffer[];

  constructor(secrets: readonly (string | undefined)[]) {
    this.digests = secrets.filter((secret): secret is string => secret !== undefined).map(digest);
  }

  get configured(): boolean {
    return this.digests.length > 0;
  }

  /** True when the `Authorization` header carries one of the secrets. */
  matches(authorization: string | string[] | undefined): boolean {
    const presented = bearerToken(authorization);
    if (presented === undefined) return false;
    const candidate = digest(presented);
    let matched = false;
    for (const secret of this.digests) matched = timingSafeEqual(candidate, secret) || matched;
    return matched;
  }
}

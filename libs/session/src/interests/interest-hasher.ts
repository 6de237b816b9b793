import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * Keyed hash of a canonical interest (SPEC "interest hash"). Keyed so that someone holding stored hashes cannot
 * confirm a guessed interest without the secret.
 */
export class InterestHasher {
  private readonly key: KeyObject;

  constructor(secret: string) {
    // An empty key would still "work" and silently make every hash reproducible by anyone.
    if (secret.length === 0) throw new Error('InterestHasher needs a non-empty secret');
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** HMAC-SHA256 as base64url without padding: 43 characters, safe in Redis keys and URLs. */
  hash(canonical: string): string {
    return createHmac('sha256', this.key).update(canonical, 'utf8').digest('base64url');
  }
}

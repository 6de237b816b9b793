import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { createHmac } from 'node:crypto';
import { Env } from '../config/env';
import { HashSecretMismatchError } from './hash-secret-mismatch.error';
import { RedisKeys } from './redis-keys';

/**
 * Instances on one Redis and key prefix must share INTEREST_HASH_SECRET: with another one they
 * hash interests (and rate-limit keys) differently and never match each other's sessions. Each
 * instance puts a fingerprint of its secret under the prefix, HMAC-SHA256(secret, "sighej
 * fingerprint") in hex (it tells secrets apart without revealing them), the first one setting
 * it, and compares its own with the one there.
 * The key has no expiry: it stands for the data in Redis, all hashed with that secret, and goes
 * when that data goes (a flush, a restart without persistence); the next check sets it again.
 * Rotating the secret therefore means stopping every instance and deleting it.
 */
@Injectable()
export class SecretFingerprint {
  private readonly ours: string;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    env: Env,
  ) {
    this.ours = createHmac('sha256', env.INTEREST_HASH_SECRET).update('sighej fingerprint').digest('hex');
  }

  /**
   * Sets ours when the key is missing, otherwise reads the stored one, in one step (`SET NX GET`,
   * Redis 7.0): the mismatch, or undefined when they agree. Throws when Redis cannot be reached.
   */
  async mismatch(): Promise<HashSecretMismatchError | undefined> {
    const key = this.keys.secretFingerprint();
    const stored = await this.redis.set(key, this.ours, 'NX', 'GET');
    return stored === null || stored === this.ours
      ? undefined
      : new HashSecretMismatchError(this.ours, stored, key);
  }

  /** Calls `listener` whenever the connection is ready again (a restart or a failover may have lost the key). */
  onReconnected(listener: () => void): () => void {
    this.redis.on('ready', listener);
    return () => this.redis.off('ready', listener);
  }
}

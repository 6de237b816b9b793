import { Injectable } from '@nestjs/common';
import { RedisCommands } from './redis-commands';
import { createHmac } from 'node:crypto';
import { CoreSettings } from '../config/core.settings';
import { LimitKeySecretMismatchError } from './limit-key-secret-mismatch.error';
import { Keyspace } from './keyspace';

/**
 * Instances on one Redis and key prefix must share LIMIT_KEY_SECRET: with another one they key
 * one client's rate limits differently, so each instance would grant the full limit again. Each
 * instance puts a fingerprint of its secret under the prefix, HMAC-SHA256(secret, "sighej
 * fingerprint") in hex (it tells secrets apart without revealing them), the first one setting
 * it, and compares its own with the one there. An instance without LIMIT_KEY_SECRET (development:
 * a random one per process) shares its secret with nobody: it never sets the key, and any
 * fingerprint there is a mismatch.
 * The key has no expiry: it stands for the limit keys in Redis, all keyed with that secret, and
 * goes when that data goes (a flush, a restart without persistence); the next check sets it
 * again. Rotating the secret therefore means stopping every instance and deleting it.
 */
@Injectable()
export class SecretFingerprint {
  private readonly ours?: string;

  constructor(
    private readonly redis: RedisCommands,
    private readonly keyspace: Keyspace,
    settings: CoreSettings,
  ) {
    if (!settings.limitKeySecretDrawn)
      this.ours = createHmac('sha256', settings.limitKeySecret).update('sighej fingerprint').digest('hex');
  }

  /** The one key, shared by every instance on the prefix. */
  static key(keyspace: Keyspace): string {
    return keyspace.key('secret-fingerprint');
  }

  /**
   * Sets ours when the key is missing, otherwise reads the stored one, in one step (`SET NX GET`,
   * Redis 7.0): the mismatch, or undefined when they agree. Throws when Redis cannot be reached.
   */
  async mismatch(): Promise<LimitKeySecretMismatchError | undefined> {
    const key = SecretFingerprint.key(this.keyspace);
    const stored =
      this.ours === undefined ? await this.redis.get(key) : await this.redis.set(key, this.ours, 'NX', 'GET');
    return stored === null || stored === this.ours
      ? undefined
      : new LimitKeySecretMismatchError(this.ours, stored, key);
  }

  /** Calls `listener` whenever the connection is ready again (a restart or a failover may have lost the key). */
  onReconnected(listener: () => void): () => void {
    this.redis.on('ready', listener);
    return () => this.redis.off('ready', listener);
  }
}

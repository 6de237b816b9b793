import { Injectable } from '@nestjs/common';
import { RedisKeys, rethrowRedisError } from '@sighej/shared';
import Redis from 'ioredis';
import type { RotationOutcome, Session } from '../session';
import { sessionCodec } from './session-codec';
import { SessionStore } from './session-store';

// Deletes a token key only while it still names the given session (one key: Cluster-safe).
const DELETE_IF_SESSION = `
local stored = redis.call('GET', KEYS[1])
if stored and cjson.decode(stored).id == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * One key per live token: `tok:<ble_token>` holds the whole session, so resolving a token
 * and reading its session is one round trip. The key expires with the session. `live` is a
 * sorted set of session ids scored by expiry, counted without scanning.
 */
@Injectable()
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async create(token: string, session: Session): Promise<boolean> {
    try {
      const stored = await this.redis.set(
        this.keys.token(token),
        sessionCodec.encode(session),
        'PXAT',
        session.expiresAt,
        'NX',
      );
      if (stored !== 'OK') return false;
      await this.redis
        .multi()
        .zadd(this.keys.live(), session.expiresAt, session.id)
        .zremrangebyscore(this.keys.live(), '-inf', Date.now())
        .exec();
      return true;
    } catch (error) {
      return rethrowRedisError(error);
    }
  }

  async find(token: string): Promise<Session | undefined> {
    try {
      const stored = await this.redis.get(this.keys.token(token));
      return stored === null ? undefined : sessionCodec.decode(stored);
    } catch (error) {
      return rethrowRedisError(error);
    }
  }

  async remove(token: string, sessionId: string): Promise<boolean> {
    try {
      const removed = await this.redis.eval(DELETE_IF_SESSION, 1, this.keys.token(token), sessionId);
      if (removed !== 1) return false;
      await this.redis.zrem(this.keys.live(), sessionId);
      return true;
    } catch (error) {
      return rethrowRedisError(error);
    }
  }

  async rotate(oldToken: string, newToken: string, session: Session): Promise<RotationOutcome> {
    try {
      const newKey = this.keys.token(newToken);
      const claimed = await this.redis.set(
        newKey,
        sessionCodec.encode(session),
        'PXAT',
        session.expiresAt,
        'NX',
      );
      if (claimed !== 'OK') return 'taken';
      const released = await this.redis.eval(DELETE_IF_SESSION, 1, this.keys.token(oldToken), session.id);
      if (released === 1) return 'rotated';
      // Another rotation or a delete got there first: give the new token back.
      await this.redis.eval(DELETE_IF_SESSION, 1, newKey, session.id);
      return 'gone';
    } catch (error) {
      return rethrowRedisError(error);
    }
  }

  async countLive(): Promise<number> {
    try {
      return await this.redis.zcount(this.keys.live(), Date.now() + 1, '+inf');
    } catch (error) {
      return rethrowRedisError(error);
    }
  }
}

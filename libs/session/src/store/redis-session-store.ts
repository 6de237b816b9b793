import { Injectable } from '@nestjs/common';
import { defineScript, RedisKeys, redisOperation } from '@sighej/shared';
import Redis from 'ioredis';
import type { RotationOutcome, Session } from '../session';
import { sessionCodec } from './session-codec';
import { SessionStore } from './session-store';

// Deletes a token key only while it still names the given session (one key: Cluster-safe).
const DELETE_IF_SESSION = `
local stored = redis.call('GET', KEYS[1])
if stored and cjson.decode(stored).id == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface WithSessionScripts {
  sighejDeleteIfSession(tokenKey: string, sessionId: string): Promise<number>;
}

/**
 * One key per live token: `tok:<ble_token>` holds the whole session, so resolving a token
 * and reading its session is one round trip. The key expires with the session. `live` is a
 * sorted set of session ids scored by expiry, counted without scanning.
 */
@Injectable()
export class RedisSessionStore implements SessionStore {
  private readonly redis: Redis & WithSessionScripts;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    defineScript(redis, 'sighejDeleteIfSession', 1, DELETE_IF_SESSION);
    this.redis = redis as Redis & WithSessionScripts;
  }

  create(token: string, session: Session): Promise<boolean> {
    return redisOperation(async () => {
      if (!(await this.claim(this.keys.token(token), session))) return false;
      await this.redis
        .multi()
        .zadd(this.keys.live(), session.expiresAt, session.id)
        .zremrangebyscore(this.keys.live(), '-inf', Date.now())
        .exec();
      return true;
    });
  }

  find(token: string): Promise<Session | undefined> {
    return redisOperation(async () => {
      const stored = await this.redis.get(this.keys.token(token));
      return stored === null ? undefined : sessionCodec.decode(stored);
    });
  }

  remove(token: string, sessionId: string): Promise<boolean> {
    return redisOperation(async () => {
      if ((await this.redis.sighejDeleteIfSession(this.keys.token(token), sessionId)) !== 1) return false;
      await this.redis.zrem(this.keys.live(), sessionId);
      return true;
    });
  }

  rotate(oldToken: string, newToken: string, session: Session): Promise<RotationOutcome> {
    return redisOperation(async () => {
      const newKey = this.keys.token(newToken);
      if (!(await this.claim(newKey, session))) return 'taken';
      if ((await this.redis.sighejDeleteIfSession(this.keys.token(oldToken), session.id)) === 1)
        return 'rotated';
      // Another rotation or a delete got there first: give the new token back.
      await this.redis.sighejDeleteIfSession(newKey, session.id);
      return 'gone';
    });
  }

  countLive(): Promise<number> {
    return redisOperation(() => this.redis.zcount(this.keys.live(), Date.now() + 1, '+inf'));
  }

  /** `SET NX` until the session expires: false when the token already names a live session. */
  private async claim(tokenKey: string, session: Session): Promise<boolean> {
    const reply = await this.redis.set(
      tokenKey,
      sessionCodec.encode(session),
      'PXAT',
      session.expiresAt,
      'NX',
    );
    return reply === 'OK';
  }
}

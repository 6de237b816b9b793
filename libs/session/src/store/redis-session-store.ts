import { Injectable } from '@nestjs/common';
import { defineScript, Keyspace, RedisCommands, redisOperation } from '@sighej/shared';
import type { RotationOutcome, Session } from '../session';
import { SESSION_ID_CHARS, sessionCodec } from './session-codec';
import { SessionStore } from './session-store';
import { SessionKeys } from './session-keys';

// Deletes a token key only while it still names the given session (one key: Cluster-safe).
// The record starts with the session id (see session-codec.ts).
const DELETE_IF_SESSION = `
local stored = redis.call('GET', KEYS[1])
if stored and string.sub(stored, 1, tonumber(ARGV[2])) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface WithSessionScripts {
  sighejDeleteIfSession(tokenKey: string, sessionId: string, idChars: number): Promise<number>;
}

/**
 * One key per live token: `tok:<ble_token>` holds the whole session, so resolving a token
 * and reading its session is one round trip. The key expires with the session; a rotation or a
 * delete removes it, so nothing of a token is left once it names nothing. `live` is a sorted set of session ids
 * scored by expiry, counted without scanning. Every step that follows a first write undoes it
 * when it fails, so a token is never left neither usable nor free.
 */
@Injectable()
export class RedisSessionStore implements SessionStore {
  private readonly redis: RedisCommands & WithSessionScripts;

  private readonly keys: SessionKeys;

  constructor(redis: RedisCommands, keyspace: Keyspace) {
    this.keys = new SessionKeys(keyspace);
    defineScript(redis, 'sighejDeleteIfSession', 1, DELETE_IF_SESSION);
    this.redis = redis as RedisCommands & WithSessionScripts;
  }

  create(token: string, session: Session): Promise<boolean> {
    return redisOperation(async () => {
      const tokenKey = this.keys.token(token);
      if (!(await this.claim(tokenKey, session))) return false;
      await this.undoingOnFailure(
        () =>
          this.redis
            .multi()
            .zadd(this.keys.live(), session.expiresAt, session.id)
            .zremrangebyscore(this.keys.live(), '-inf', Date.now())
            .exec(),
        () => this.release(tokenKey, session.id),
      );
      return true;
    });
  }

  find(token: string): Promise<Session | undefined> {
    return redisOperation(async () => {
      const stored = await this.redis.get(this.keys.token(token));
      return stored === null ? sessionCodec.decodeNothing() : sessionCodec.decode(stored);
    });
  }

  remove(token: string, sessionId: string): Promise<boolean> {
    return redisOperation(async () => {
      if ((await this.release(this.keys.token(token), sessionId)) !== 1) return false;
      await this.redis.zrem(this.keys.live(), sessionId);
      return true;
    });
  }

  rotate(oldToken: string, newToken: string, rotated: Session): Promise<RotationOutcome> {
    return redisOperation(async () => {
      const newKey = this.keys.token(newToken);
      if (!(await this.claim(newKey, rotated))) return 'taken';
      const released = await this.undoingOnFailure(
        () => this.release(this.keys.token(oldToken), rotated.id),
        () => this.release(newKey, rotated.id),
      );
      if (released === 1) return 'rotated';
      // Another rotation or a delete got there first: give the new token back.
      await this.release(newKey, rotated.id);
      return 'gone';
    });
  }

  whichLive(sessionIds: readonly string[]): Promise<boolean[]> {
    if (sessionIds.length === 0) return Promise.resolve([]);
    return redisOperation(async () => {
      const scores = (await this.redis.call('ZMSCORE', this.keys.live(), ...sessionIds)) as (string | null)[];
      const now = Date.now();
      return scores.map((score) => score !== null && Number(score) > now);
    });
  }

  countLive(): Promise<number> {
    return redisOperation(() => this.redis.zcount(this.keys.live(), Date.now() + 1, '+inf'));
  }

  /** `SET NX` until the session expires: false when the token is live (a drawn token collided). */
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

  private release(tokenKey: string, sessionId: string): Promise<number> {
    return this.redis.sighejDeleteIfSession(tokenKey, sessionId, SESSION_ID_CHARS);
  }

  /** Runs `step`; when it fails, runs `undo` (best effort: Redis may be gone) and fails too. */
  private async undoingOnFailure<T>(step: () => Promise<T>, undo: () => Promise<unknown>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      await undo().catch(() => undefined);
      throw error;
    }
  }
}

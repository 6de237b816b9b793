import { Injectable } from '@nestjs/common';
import { ExpiringMap } from '@sighej/shared';
import type { RotationOutcome, Session } from '../session';
import { sessionCodec } from './session-codec';
import { SessionStore } from './session-store';

/**
 * Embedded mode and fast unit tests. Holds each session as the same fixed-width record Redis
 * does (so a lookup decodes one, or the stand-in, exactly as there), expiring like Redis.
 */
@Injectable()
export class InMemorySessionStore implements SessionStore {
  private readonly byToken = new ExpiringMap<{ record: string; id: string }>();
  private readonly live = new ExpiringMap<true>();

  create(token: string, session: Session): Promise<boolean> {
    if (this.byToken.get(token) !== undefined) return Promise.resolve(false);
    this.put(token, session);
    this.live.set(session.id, true, session.expiresAt);
    return Promise.resolve(true);
  }

  find(token: string): Promise<Session | undefined> {
    const entry = this.byToken.get(token);
    return Promise.resolve(
      entry === undefined ? sessionCodec.decodeNothing() : sessionCodec.decode(entry.record),
    );
  }

  remove(token: string, sessionId: string): Promise<boolean> {
    if (this.byToken.get(token)?.id !== sessionId) return Promise.resolve(false);
    this.byToken.delete(token);
    this.live.delete(sessionId);
    return Promise.resolve(true);
  }

  rotate(oldToken: string, newToken: string, rotated: Session): Promise<RotationOutcome> {
    if (this.byToken.get(newToken) !== undefined) return Promise.resolve('taken');
    if (this.byToken.get(oldToken)?.id !== rotated.id) return Promise.resolve('gone');
    this.byToken.delete(oldToken);
    this.put(newToken, rotated);
    return Promise.resolve('rotated');
  }

  whichLive(sessionIds: readonly string[]): Promise<boolean[]> {
    const now = Date.now();
    return Promise.resolve(sessionIds.map((id) => this.live.get(id, now) !== undefined));
  }

  countLive(): Promise<number> {
    return Promise.resolve(this.live.countLive());
  }

  /** Tokens held, expired ones included until the next sweep. */
  get size(): number {
    return this.byToken.size;
  }

  private put(token: string, session: Session): void {
    this.byToken.set(token, { record: sessionCodec.encode(session), id: session.id }, session.expiresAt);
  }
}

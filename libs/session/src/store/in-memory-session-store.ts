import { Injectable } from '@nestjs/common';
import type { RotationOutcome, Session } from '../session';
import { SessionStore } from './session-store';

/** Embedded mode and fast unit tests. Expires on read, like Redis. */
@Injectable()
export class InMemorySessionStore implements SessionStore {
  private readonly byToken = new Map<string, Session>();
  private readonly live = new Map<string, number>();

  create(token: string, session: Session): Promise<boolean> {
    if (this.get(token) !== undefined) return Promise.resolve(false);
    this.byToken.set(token, session);
    this.live.set(session.id, session.expiresAt);
    return Promise.resolve(true);
  }

  find(token: string): Promise<Session | undefined> {
    return Promise.resolve(this.get(token));
  }

  remove(token: string, sessionId: string): Promise<boolean> {
    if (this.get(token)?.id !== sessionId) return Promise.resolve(false);
    this.byToken.delete(token);
    this.live.delete(sessionId);
    return Promise.resolve(true);
  }

  rotate(oldToken: string, newToken: string, session: Session): Promise<RotationOutcome> {
    if (this.get(newToken) !== undefined) return Promise.resolve('taken');
    if (this.get(oldToken)?.id !== session.id) return Promise.resolve('gone');
    this.byToken.delete(oldToken);
    this.byToken.set(newToken, session);
    return Promise.resolve('rotated');
  }

  countLive(): Promise<number> {
    const now = Date.now();
    for (const [id, expiresAt] of this.live) if (expiresAt <= now) this.live.delete(id);
    return Promise.resolve(this.live.size);
  }

  private get(token: string): Session | undefined {
    const session = this.byToken.get(token);
    if (session !== undefined && session.expiresAt <= Date.now()) {
      this.byToken.delete(token);
      return undefined;
    }
    return session;
  }
}

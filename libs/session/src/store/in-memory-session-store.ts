import { Injectable } from '@nestjs/common';
import type { RotationOutcome, Session } from '../session';
import { SessionStore } from './session-store';

const SWEEP_EVERY_MS = 60_000;

/**
 * Embedded mode and fast unit tests. Expires on read, like Redis, and sweeps expired
 * sessions now and then, so tokens that are never read again do not grow the process.
 */
@Injectable()
export class InMemorySessionStore implements SessionStore {
  private readonly byToken = new Map<string, Session>();
  private readonly live = new Map<string, number>();
  private nextSweepAt = Date.now() + SWEEP_EVERY_MS;

  create(token: string, session: Session): Promise<boolean> {
    this.sweep();
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

  /** Sessions held, expired ones included until the next sweep (for tests of the sweep). */
  get size(): number {
    return this.byToken.size;
  }

  private get(token: string): Session | undefined {
    const session = this.byToken.get(token);
    if (session !== undefined && session.expiresAt <= Date.now()) {
      this.byToken.delete(token);
      return undefined;
    }
    return session;
  }

  private sweep(now = Date.now()): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [token, session] of this.byToken) if (session.expiresAt <= now) this.byToken.delete(token);
    for (const [id, expiresAt] of this.live) if (expiresAt <= now) this.live.delete(id);
  }
}

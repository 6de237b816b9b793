import { Injectable } from '@nestjs/common';
import type { RotationOutcome, Session } from '../session';
import { SessionStore } from './session-store';

const SWEEP_EVERY_MS = 60_000;

/** A token's entry: a live session, or the quarantine left behind by a rotation. */
type Entry = { session: Session; until: number } | { session: undefined; until: number };

/**
 * Embedded mode and fast unit tests. Expires on read, like Redis, and sweeps expired
 * entries now and then, so tokens that are never read again do not grow the process.
 */
@Injectable()
export class InMemorySessionStore implements SessionStore {
  private readonly byToken = new Map<string, Entry>();
  private readonly live = new Map<string, number>();
  private nextSweepAt = Date.now() + SWEEP_EVERY_MS;

  create(token: string, session: Session): Promise<boolean> {
    this.sweep();
    if (this.entry(token) !== undefined) return Promise.resolve(false);
    this.byToken.set(token, { session, until: session.expiresAt });
    this.live.set(session.id, session.expiresAt);
    return Promise.resolve(true);
  }

  find(token: string): Promise<Session | undefined> {
    return Promise.resolve(this.entry(token)?.session);
  }

  remove(token: string, sessionId: string): Promise<boolean> {
    if (this.entry(token)?.session?.id !== sessionId) return Promise.resolve(false);
    this.byToken.delete(token);
    this.live.delete(sessionId);
    return Promise.resolve(true);
  }

  rotate(
    oldToken: string,
    newToken: string,
    rotated: Session,
    quarantineUntil: number,
  ): Promise<RotationOutcome> {
    if (this.entry(newToken) !== undefined) return Promise.resolve('taken');
    if (this.entry(oldToken)?.session?.id !== rotated.id) return Promise.resolve('gone');
    this.byToken.set(oldToken, { session: undefined, until: quarantineUntil });
    this.byToken.set(newToken, { session: rotated, until: rotated.expiresAt });
    return Promise.resolve('rotated');
  }

  whichLive(sessionIds: readonly string[]): Promise<boolean[]> {
    const now = Date.now();
    return Promise.resolve(sessionIds.map((id) => (this.live.get(id) ?? 0) > now));
  }

  countLive(): Promise<number> {
    const now = Date.now();
    for (const [id, expiresAt] of this.live) if (expiresAt <= now) this.live.delete(id);
    return Promise.resolve(this.live.size);
  }

  /** Tokens held (sessions and quarantines), expired ones included until the next sweep. */
  get size(): number {
    return this.byToken.size;
  }

  private entry(token: string): Entry | undefined {
    const entry = this.byToken.get(token);
    if (entry !== undefined && entry.until <= Date.now()) {
      this.byToken.delete(token);
      return undefined;
    }
    return entry;
  }

  private sweep(now = Date.now()): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [token, entry] of this.byToken) if (entry.until <= now) this.byToken.delete(token);
    for (const [id, expiresAt] of this.live) if (expiresAt <= now) this.live.delete(id);
  }
}

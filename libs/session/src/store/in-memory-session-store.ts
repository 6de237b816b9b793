import { Injectable } from '@nestjs/common';
import type { RotationOutcome, Session } from '../session';
import { sessionCodec } from './session-codec';
import { SessionStore } from './session-store';

const SWEEP_EVERY_MS = 60_000;

/**
 * Embedded mode and fast unit tests. Holds each session as the same fixed-width record Redis
 * does (so a lookup decodes one, or the stand-in, exactly as there). Expires on read, like
 * Redis, and sweeps expired entries now and then, so tokens never read again do not grow the process.
 */
@Injectable()
export class InMemorySessionStore implements SessionStore {
  private readonly byToken = new Map<string, { record: string; id: string; until: number }>();
  private readonly live = new Map<string, number>();
  private nextSweepAt = Date.now() + SWEEP_EVERY_MS;

  create(token: string, session: Session): Promise<boolean> {
    this.sweep();
    if (this.entry(token) !== undefined) return Promise.resolve(false);
    this.put(token, session);
    this.live.set(session.id, session.expiresAt);
    return Promise.resolve(true);
  }

  find(token: string): Promise<Session | undefined> {
    const entry = this.entry(token);
    return Promise.resolve(
      entry === undefined ? sessionCodec.decodeNothing() : sessionCodec.decode(entry.record),
    );
  }

  remove(token: string, sessionId: string): Promise<boolean> {
    if (this.entry(token)?.id !== sessionId) return Promise.resolve(false);
    this.byToken.delete(token);
    this.live.delete(sessionId);
    return Promise.resolve(true);
  }

  rotate(oldToken: string, newToken: string, rotated: Session): Promise<RotationOutcome> {
    if (this.entry(newToken) !== undefined) return Promise.resolve('taken');
    if (this.entry(oldToken)?.id !== rotated.id) return Promise.resolve('gone');
    this.byToken.delete(oldToken);
    this.put(newToken, rotated);
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

  /** Tokens held, expired ones included until the next sweep. */
  get size(): number {
    return this.byToken.size;
  }

  private put(token: string, session: Session): void {
    this.byToken.set(token, {
      record: sessionCodec.encode(session),
      id: session.id,
      until: session.expiresAt,
    });
  }

  private entry(token: string): { record: string; id: string; until: number } | undefined {
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

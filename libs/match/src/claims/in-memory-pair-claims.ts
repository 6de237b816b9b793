import { Injectable } from '@nestjs/common';
import { PairClaims } from './pair-claims';

/** Embedded mode: one process, so a map checked and set synchronously is atomic. */
@Injectable()
export class InMemoryPairClaims implements PairClaims {
  private readonly until = new Map<string, number>();
  private claims = 0;

  claim(sessionA: string, sessionB: string, cooldownSeconds: number): Promise<boolean> {
    const key = pairKey(sessionA, sessionB);
    const now = Date.now();
    const claimedUntil = this.until.get(key);
    if (claimedUntil !== undefined && claimedUntil > now) return Promise.resolve(false);
    this.until.set(key, now + cooldownSeconds * 1000);
    if (++this.claims % 1024 === 0) this.forgetExpired(now);
    return Promise.resolve(true);
  }

  release(sessionA: string, sessionB: string): Promise<void> {
    this.until.delete(pairKey(sessionA, sessionB));
    return Promise.resolve();
  }

  // Keeps the map from growing with every pair ever claimed; amortised over claims.
  private forgetExpired(now: number): void {
    for (const [key, claimedUntil] of this.until) if (claimedUntil <= now) this.until.delete(key);
  }
}

function pairKey(sessionA: string, sessionB: string): string {
  return sessionA < sessionB ? `${sessionA}:${sessionB}` : `${sessionB}:${sessionA}`;
}

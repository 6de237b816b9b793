import { Injectable } from '@nestjs/common';

/**
 * Whether this instance wants traffic and, if not, why, under the name `/health` reports each
 * reason by. The shutdown sequence switches it off first (`shutdown`), so the load balancer sees
 * `/health` 503 ("shutting down") and moves phones away while the instance still answers them;
 * an LIMIT_KEY_SECRET that differs from the other instances' switches it off until it matches.
 */
@Injectable()
export class Readiness {
  private readonly reasons = new Map<string, string>();

  /** Why readiness is off, by name; undefined while the instance takes traffic. */
  get notReadyBecause(): ReadonlyMap<string, string> | undefined {
    return this.reasons.size === 0 ? undefined : this.reasons;
  }

  /** Off for `name` with a coarse `message` (the `/health` body is public). */
  off(name: string, message: string): void {
    this.reasons.set(name, message);
  }

  /** `name` no longer keeps readiness off (others may). */
  on(name: string): void {
    this.reasons.delete(name);
  }
}

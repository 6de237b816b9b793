import { Injectable } from '@nestjs/common';

/**
 * Whether this instance wants traffic. The shutdown sequence switches it off first, so the
 * load balancer sees `/health` 503 ("shutting down") and moves phones away while the instance
 * still answers them.
 */
@Injectable()
export class Readiness {
  private reason?: string;

  /** Why readiness is off, or undefined while the instance takes traffic. */
  get notReadyBecause(): string | undefined {
    return this.reason;
  }

  stop(reason: string): void {
    this.reason = reason;
  }
}

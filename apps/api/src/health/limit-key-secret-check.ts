import type { LimitKeySecretMismatchError } from '@sighej/shared';

/** Whether this instance's LIMIT_KEY_SECRET is the one the other instances on its store use. */
export abstract class LimitKeySecretCheck {
  /** The mismatch, or undefined when they agree. Throws when the store cannot be reached. */
  abstract mismatch(): Promise<LimitKeySecretMismatchError | undefined>;
  /** Calls `listener` whenever the store is reachable again; returns how to stop. */
  abstract onReconnected(listener: () => void): () => void;
}

/** In process there are no other instances: nothing can differ. */
export class SoleInstanceSecretCheck implements LimitKeySecretCheck {
  mismatch(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  onReconnected(): () => void {
    return () => undefined;
  }
}

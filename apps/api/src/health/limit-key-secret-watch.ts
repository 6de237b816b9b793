import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { errorText, LimitKeySecretMismatchError, isRedisUnavailable } from '@sighej/shared';
import { LimitKeySecretCheck } from './limit-key-secret-check';
import { Readiness } from './readiness';

/**
 * One small command per instance every 30 s: a mismatch that appears while running (another
 * secret set the key after a flush or a DEL) is out of the balancer within about that plus its
 * health checks, and a reconnect (the likeliest moment for a lost key) checks at once.
 */
const RECHECK_MS = 30_000;
/** What `/health` reports a mismatch under; the log line has the fingerprints. */
const REASON = 'limit_key_secret';

/**
 * Keeps an instance whose LIMIT_KEY_SECRET is not the one of the other instances on its Redis
 * out of service (see SecretFingerprint). At boot a mismatch stops the start before the listener
 * opens (main.ts prints its one line); with Redis unreachable then, the first reconnect checks.
 * While running it checks again every 30 s and whenever the connection is ready again: a
 * mismatch turns readiness off (`/health` 503) with one log line, a match turns it back on.
 * In embedded mode (one instance, no shared Redis) nothing can differ.
 */
@Injectable()
export class LimitKeySecretWatch implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LimitKeySecretWatch');
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private mismatched = false;

  constructor(
    private readonly readiness: Readiness,
    private readonly fingerprint: LimitKeySecretCheck,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const mismatch = await this.compare();
    if (mismatch !== undefined) throw mismatch;
    this.timer = setInterval(() => void this.check(), RECHECK_MS).unref();
    this.unsubscribe = this.fingerprint.onReconnected(() => void this.check());
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** Compares once more and switches readiness accordingly; never throws (it runs on a timer). */
  async check(): Promise<void> {
    let mismatch: LimitKeySecretMismatchError | undefined;
    try {
      mismatch = await this.compare();
    } catch (error) {
      this.logger.warn(`LIMIT_KEY_SECRET check failed: ${errorText(error)}`);
      return;
    }
    if ((mismatch !== undefined) === this.mismatched) return;
    this.mismatched = mismatch !== undefined;
    if (mismatch === undefined) {
      this.readiness.on(REASON);
      this.logger.log("LIMIT_KEY_SECRET matches the other instances' again; readiness on");
    } else {
      this.readiness.off(REASON, "differs from the other instances'");
      this.logger.error(`${mismatch.message}; readiness off (/health 503) until it matches`);
    }
  }

  /** The mismatch, or undefined when the fingerprints agree or Redis cannot tell right now. */
  private async compare(): Promise<LimitKeySecretMismatchError | undefined> {
    try {
      return await this.fingerprint.mismatch();
    } catch (error) {
      // /health reports Redis itself; the reconnect checks again.
      if (isRedisUnavailable(error)) return undefined;
      throw error;
    }
  }
}

import { SignJWT } from 'jose';
import type { ApnsConfig } from '../push-config';

// Apple refuses a token older than an hour and one renewed more often than every 20 minutes.
const RENEW_AFTER_MS = 40 * 60 * 1000;

/** The ES256 provider JWT APNs authenticates a sender by (`iss` team, `iat`, `kid` key id), cached. */
export class ApnsProviderToken {
  private cached: { jwt: Promise<string>; issuedAt: number } | undefined;

  constructor(private readonly config: Pick<ApnsConfig, 'key' | 'keyId' | 'teamId'>) {}

  current(now = Date.now()): Promise<string> {
    if (this.cached === undefined || now - this.cached.issuedAt >= RENEW_AFTER_MS) {
      const issuedAt = now;
      const jwt = new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: this.config.keyId })
        .setIssuer(this.config.teamId)
        .setIssuedAt(Math.floor(issuedAt / 1000))
        .sign(this.config.key);
      this.cached = { jwt, issuedAt };
      // A failed signing is not kept: the next push tries again.
      jwt.catch(() => {
        if (this.cached?.jwt === jwt) this.cached = undefined;
      });
    }
    return this.cached.jwt;
  }

  /** APNs said the token expired (403 ExpiredProviderToken): the next push signs a new one. */
  expire(): void {
    this.cached = undefined;
  }
}

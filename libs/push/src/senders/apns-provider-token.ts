import { signJwt } from '../jwt/sign-jwt';
import type { ApnsConfig } from '../push-config';

// Apple refuses a token older than an hour and one renewed more often than every 20 minutes.
const RENEW_AFTER_MS = 40 * 60 * 1000;

/** The ES256 provider JWT APNs authenticates a sender by (`iss` team, `iat`, `kid` key id), cached. */
export class ApnsProviderToken {
  private cached: { jwt: string; issuedAt: number } | undefined;

  constructor(private readonly config: Pick<ApnsConfig, 'key' | 'keyId' | 'teamId'>) {}

  current(now = Date.now()): string {
    if (this.cached === undefined || now - this.cached.issuedAt >= RENEW_AFTER_MS) {
      const claims = { iss: this.config.teamId, iat: Math.floor(now / 1000) };
      this.cached = {
        jwt: signJwt('ES256', { kid: this.config.keyId }, claims, this.config.key),
        issuedAt: now,
      };
    }
    return this.cached.jwt;
  }

  /** APNs said the token expired (403 ExpiredProviderToken): the next push signs a new one. */
  expire(): void {
    this.cached = undefined;
  }
}

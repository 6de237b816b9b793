import type { Agent } from 'node:https';
import { signJwt } from '../jwt/sign-jwt';
import type { FcmConfig } from '../push-config';
import { httpPost } from './http-post';

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
// Renewed a minute early, so a token never expires on the way to FCM.
const EARLY_MS = 60_000;

/**
 * An OAuth 2 access token for FCM from the service account (RFC 7523 JWT-bearer grant: an
 * RS256 assertion signed with the account's key), cached until shortly before it expires.
 */
export class FcmAccessToken {
  private cached: { token: Promise<string>; expiresAt: number } | undefined;

  constructor(
    private readonly config: FcmConfig,
    private readonly agent: Agent,
    private readonly timeoutMs: number,
  ) {}

  current(now = Date.now()): Promise<string> {
    if (this.cached === undefined || now >= this.cached.expiresAt) {
      const entry = { token: this.fetch(now), expiresAt: Number.POSITIVE_INFINITY };
      this.cached = entry;
      entry.token.catch(() => {
        if (this.cached === entry) this.cached = undefined;
      });
    }
    return this.cached.token;
  }

  /** FCM refused the token (401): the next push fetches a new one. */
  expire(): void {
    this.cached = undefined;
  }

  private async fetch(now: number): Promise<string> {
    const issuedAt = Math.floor(now / 1000);
    const claims = {
      iss: this.config.clientEmail,
      scope: SCOPE,
      aud: this.config.tokenUrl,
      iat: issuedAt,
      exp: issuedAt + 3600,
    };
    const assertion = signJwt('RS256', { typ: 'JWT' }, claims, this.config.key);
    const form = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    });
    const reply = await httpPost(
      this.config.tokenUrl,
      { 'content-type': 'application/x-www-form-urlencoded' },
      form.toString(),
      { timeoutMs: this.timeoutMs, agent: this.agent },
    );
    if (reply.status !== 200) throw new Error(`the token endpoint answered ${reply.status}`);
    const { access_token: token, expires_in: lifetime } = JSON.parse(reply.body) as Record<string, unknown>;
    if (typeof token !== 'string' || typeof lifetime !== 'number')
      throw new Error('the token endpoint answered without access_token and expires_in');
    if (this.cached?.expiresAt === Number.POSITIVE_INFINITY)
      this.cached.expiresAt = now + lifetime * 1000 - EARLY_MS;
    return token;
  }
}

import { getVapidHeaders } from 'web-push';
import type { WebPushConfig } from '../push-config';

/** RFC 8292 allows a VAPID JWT up to 24 h; ours last 12 h and are renewed an hour before. */
const LIFETIME_S = 12 * 3600;
const RENEW_BEFORE_S = 3600;
/** Push services are few (one per browser vendor); a flood of odd endpoints only empties the cache. */
const MAX_AUDIENCES = 64;

/**
 * The VAPID `Authorization` header per push service origin, signed once and reused until an
 * hour before it expires, instead of an ES256 signature (and a key conversion) per push.
 */
export class VapidHeaders {
  private readonly byAudience = new Map<string, { authorization: string; renewAt: number }>();

  constructor(
    private readonly config: WebPushConfig,
    private readonly now: () => number = Date.now,
  ) {}

  for(endpoint: string): string {
    const audience = new URL(endpoint).origin;
    const cached = this.byAudience.get(audience);
    if (cached !== undefined && cached.renewAt > this.now()) return cached.authorization;
    const expiration = Math.floor(this.now() / 1000) + LIFETIME_S;
    const { Authorization: authorization } = getVapidHeaders(
      audience,
      this.config.subject,
      this.config.vapidPublicKey,
      this.config.vapidPrivateKey,
      'aes128gcm',
      expiration,
    );
    if (this.byAudience.size >= MAX_AUDIENCES) this.byAudience.clear();
    this.byAudience.set(audience, { authorization, renewAt: (expiration - RENEW_BEFORE_S) * 1000 });
    return authorization;
  }
}

import { BoolSetting, CrossFieldChecks, IntSetting, Secret } from '@sighej/shared';
import { IsOptional, IsString, Matches } from 'class-validator';

// A push provider is configured by all of its settings or none of them.
const PROVIDER_SETTINGS = {
  webpush: ['PUSH_WEBPUSH_VAPID_PUBLIC_KEY', 'PUSH_WEBPUSH_VAPID_PRIVATE_KEY', 'PUSH_WEBPUSH_SUBJECT'],
  apns: ['PUSH_APNS_KEY_FILE', 'PUSH_APNS_KEY_ID', 'PUSH_APNS_TEAM_ID', 'PUSH_APNS_TOPIC'],
} as const;

/** The push providers this service may send through (each configured whole or not at all), and when it pushes. */
export class PushSettings implements CrossFieldChecks {
  /** Web Push (RFC 8292 VAPID): the application server's P-256 key pair, base64url. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{87}$/, { message: 'must be a 65-byte uncompressed P-256 public key, base64url' })
  PUSH_WEBPUSH_VAPID_PUBLIC_KEY?: string = undefined;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'must be a 32-byte P-256 private key, base64url' })
  @Secret()
  PUSH_WEBPUSH_VAPID_PRIVATE_KEY?: string = undefined;

  /** Who the push services can contact about this sender: `mailto:` or `https:`. */
  @IsOptional()
  @Matches(/^(mailto:\S+@\S+|https:\/\/\S+)$/, { message: 'must be a mailto: or https: URL' })
  PUSH_WEBPUSH_SUBJECT?: string = undefined;

  /**
   * Web Push endpoints on loopback or private addresses, and over http:, are accepted: for
   * tests and staging. Defaults to true outside production, false in production.
   */
  @BoolSetting({ optional: true })
  PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS?: boolean = undefined;

  /** APNs token-based authentication: the .p8 signing key, its key id, the team and the app's bundle id. */
  @IsOptional()
  @IsString()
  PUSH_APNS_KEY_FILE?: string = undefined;

  @IsOptional()
  @Matches(/^[A-Z0-9]{10}$/, { message: 'must be the 10-character key id Apple shows for the key' })
  PUSH_APNS_KEY_ID?: string = undefined;

  @IsOptional()
  @Matches(/^[A-Z0-9]{10}$/, { message: 'must be the 10-character Apple team id' })
  PUSH_APNS_TEAM_ID?: string = undefined;

  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]{1,155}$/, { message: "must be the app's bundle id, e.g. org.sighej.app" })
  PUSH_APNS_TOPIC?: string = undefined;

  /** Apple's production host; `https://api.sandbox.push.apple.com` for development builds. */
  @Matches(/^https:\/\/[^/\s]+$/, { message: 'must be an https:// origin without a path' })
  PUSH_APNS_URL = 'https://api.push.apple.com';

  /** FCM HTTP v1: the Google service account's JSON key file (project_id, client_email, private_key). */
  @IsOptional()
  @IsString()
  PUSH_FCM_SERVICE_ACCOUNT_FILE?: string = undefined;

  @Matches(/^https?:\/\/[^/\s]+$/, { message: 'must be an http(s):// origin without a path' })
  PUSH_FCM_URL = 'https://fcm.googleapis.com';

  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s):// URL' })
  PUSH_FCM_TOKEN_URL = 'https://oauth2.googleapis.com/token';

  /** A nudge a socket has not acked this long after it was queued is pushed. */
  @IntSetting({ min: 0, max: 600_000 })
  PUSH_AFTER_MS = 2000;

  /** A push provider that has not answered within this time is given up on for this try (retried later). */
  @IntSetting({ min: 100, max: 60_000 })
  PUSH_SEND_TIMEOUT_MS = 10_000;

  /**
   * A push job an instance took and has not finished after this time (the instance died) is
   * taken over by another. Longer than PUSH_SEND_TIMEOUT_MS, so a slow send is never doubled.
   */
  @IntSetting({ min: 1000, max: 600_000 })
  PUSH_RECLAIM_AFTER_MS = 30_000;

  /**
   * A PEM file of extra certificate authorities to trust for the push providers' hosts
   * (a staging or test provider with its own CA); the system's CAs are trusted either way.
   */
  @IsOptional()
  @IsString()
  PUSH_TLS_CA_FILE?: string = undefined;

  crossFieldProblems(): string[] {
    const problems = Object.entries(PROVIDER_SETTINGS).flatMap(([provider, names]) => {
      const missing = names.filter((name) => this[name] === undefined);
      return missing.length === 0 || missing.length === names.length
        ? []
        : missing.map((name) => `${name}: is required when any ${provider} push setting is set`);
    });
    if (this.PUSH_RECLAIM_AFTER_MS <= this.PUSH_SEND_TIMEOUT_MS)
      problems.push(
        `PUSH_RECLAIM_AFTER_MS: must be longer than PUSH_SEND_TIMEOUT_MS (${this.PUSH_SEND_TIMEOUT_MS}), or a slow push is sent twice`,
      );
    return problems;
  }
}

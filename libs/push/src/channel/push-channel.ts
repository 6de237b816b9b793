import { parseJsonRecord } from '@sighej/shared';

export const PUSH_PROVIDERS = ['webpush', 'apns', 'fcm'] as const;
export type PushProvider = (typeof PUSH_PROVIDERS)[number];

/** The phone's own P-256 public key (65 bytes) and auth secret (16 bytes), base64url: what a push is encrypted to. */
export interface PushKeys {
  p256dh: string;
  auth: string;
}

/**
 * Where a session's pushes go. The address is a stable device identifier (SPEC, Privacy):
 * kept only with the session, never logged.
 */
export type PushChannel =
  | { provider: 'webpush'; endpoint: string; keys: PushKeys }
  | { provider: 'apns'; deviceToken: string; keys: PushKeys }
  | { provider: 'fcm'; registrationToken: string; keys: PushKeys };

/** The provider's own address of the device, whatever the provider. */
export function deviceAddress(channel: PushChannel): string {
  switch (channel.provider) {
    case 'webpush':
      return channel.endpoint;
    case 'apns':
      return channel.deviceToken;
    case 'fcm':
      return channel.registrationToken;
  }
}

function isKeys(value: unknown): value is PushKeys {
  if (typeof value !== 'object' || value === null) return false;
  const { p256dh, auth } = value as Record<string, unknown>;
  return typeof p256dh === 'string' && typeof auth === 'string';
}

/** Reads back a stored channel, checking its shape instead of casting; undefined when damaged. */
export function decodePushChannel(text: string): PushChannel | undefined {
  const record = parseJsonRecord(text);
  if (record === undefined || !isKeys(record.keys)) return undefined;
  const keys = { p256dh: record.keys.p256dh, auth: record.keys.auth };
  if (record.provider === 'webpush' && typeof record.endpoint === 'string')
    return { provider: 'webpush', endpoint: record.endpoint, keys };
  if (record.provider === 'apns' && typeof record.deviceToken === 'string')
    return { provider: 'apns', deviceToken: record.deviceToken, keys };
  if (record.provider === 'fcm' && typeof record.registrationToken === 'string')
    return { provider: 'fcm', registrationToken: record.registrationToken, keys };
  return undefined;
}

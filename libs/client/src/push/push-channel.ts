import type { PushPublicKeys } from './push-key-pair';

/**
 * Where the service pushes a nudge the phone's socket did not take, with the keys it encrypts
 * to: a browser's Web Push subscription (`PushSubscription.toJSON()`, its keys inside), or an
 * APNs device token / FCM registration token with the app's own keys (`generatePushKeyPair`).
 */
export type PushRegistration =
  | { provider: 'webpush'; subscription: { endpoint: string; keys: PushPublicKeys } }
  | { provider: 'apns'; deviceToken: string; keys: PushPublicKeys }
  | { provider: 'fcm'; registrationToken: string; keys: PushPublicKeys };

/** The body of `PUT /session/{ble_token}/push` (docs/openapi.json, `RegisterPushDto`). */
export function pushRequestBody(registration: PushRegistration): object {
  switch (registration.provider) {
    case 'webpush': {
      const { endpoint, keys } = registration.subscription;
      return {
        provider: 'webpush',
        subscription: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } },
      };
    }
    case 'apns':
      return {
        provider: 'apns',
        device_token: registration.deviceToken,
        keys: publicKeys(registration.keys),
      };
    case 'fcm':
      return {
        provider: 'fcm',
        registration_token: registration.registrationToken,
        keys: publicKeys(registration.keys),
      };
  }
}

const publicKeys = ({ p256dh, auth }: PushPublicKeys): PushPublicKeys => ({ p256dh, auth });

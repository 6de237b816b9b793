import { InvalidRequestError } from '@sighej/shared';
import { ECDH } from 'node:crypto';
import type { RegisterPushDto } from '../dto/register-push.dto';
import { isPublicHost } from '../senders/public-address';
import type { PushChannel, PushKeys } from './push-channel';

const OTHER_FIELDS = {
  webpush: ['device_token', 'registration_token', 'keys'],
  apns: ['subscription', 'registration_token'],
  fcm: ['subscription', 'device_token'],
} as const;

function checkedKeys({ p256dh, auth }: PushKeys): PushKeys {
  const publicKey = p256dh.replace(/=+$/, '');
  try {
    // Refuses a string of the right length that is no point on the curve.
    ECDH.convertKey(Buffer.from(publicKey, 'base64url'), 'prime256v1');
  } catch {
    throw new InvalidRequestError('keys.p256dh is not a point on the P-256 curve');
  }
  return { p256dh: publicKey, auth: auth.replace(/=+$/, '') };
}

function checkedEndpoint(endpoint: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InvalidRequestError('subscription.endpoint must be an absolute URL');
  }
  if (url.username !== '' || url.password !== '')
    throw new InvalidRequestError('subscription.endpoint must not carry credentials');
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:'))
    throw new InvalidRequestError('subscription.endpoint must be an https: URL');
  if (!allowPrivate && !isPublicHost(url.hostname))
    throw new InvalidRequestError(
      'subscription.endpoint must be on a public address (no loopback or private ranges)',
    );
  return url.toString();
}

/** The channel a valid registration names, or an InvalidRequestError saying what is wrong. */
export function channelFromRequest(dto: RegisterPushDto, allowPrivate: boolean): PushChannel {
  const stray = OTHER_FIELDS[dto.provider].filter((field) => dto[field] !== undefined);
  if (stray.length > 0)
    throw new InvalidRequestError(
      `${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} not used by provider ${dto.provider}`,
    );
  switch (dto.provider) {
    case 'webpush': {
      const subscription = dto.subscription!;
      return {
        provider: 'webpush',
        endpoint: checkedEndpoint(subscription.endpoint, allowPrivate),
        keys: checkedKeys(subscription.keys),
      };
    }
    case 'apns':
      return { provider: 'apns', deviceToken: dto.device_token!.toLowerCase(), keys: checkedKeys(dto.keys!) };
    case 'fcm':
      return { provider: 'fcm', registrationToken: dto.registration_token!, keys: checkedKeys(dto.keys!) };
  }
}

import { encrypt } from 'web-push';
import type { PushKeys } from '../channel/push-channel';

/**
 * RFC 8291 message encryption: `plaintext` encrypted to the phone's P-256 key and auth
 * secret as one RFC 8188 `aes128gcm` body (salt, record size and the sender's ephemeral
 * public key in its header). The same function serves Web Push, where the body is sent as
 * is, and APNs and FCM, where it travels base64url in a custom key.
 */
export function encryptPayload(plaintext: string, keys: PushKeys): Buffer {
  return encrypt(keys.p256dh, keys.auth, plaintext, 'aes128gcm').cipherText;
}

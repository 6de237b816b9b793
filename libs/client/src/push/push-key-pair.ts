import { toBase64url } from './base64url';
import { PrivateKeyJwk, webCrypto } from './web-crypto';

/** The public half of a phone's push keys, as `PUT /session/{ble_token}/push` takes it. */
export interface PushPublicKeys {
  /** The phone's P-256 public key, a 65-byte uncompressed point, base64url. */
  p256dh: string;
  /** The phone's 16-byte auth secret, base64url. */
  auth: string;
}

/**
 * A phone's push keys: what the server encrypts to (`keys`) and what decrypts
 * (`privateKey`, a JWK the app keeps in its keychain or keystore beside `keys`).
 */
export interface PushKeyPair {
  keys: PushPublicKeys;
  privateKey: PrivateKeyJwk;
}

/** A new P-256 key pair and auth secret for APNs or FCM (a browser's Web Push subscription has its own). */
export async function generatePushKeyPair(): Promise<PushKeyPair> {
  const subtle = webCrypto().subtle;
  const pair = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const publicKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  const auth = webCrypto().getRandomValues(new Uint8Array(16));
  return {
    keys: { p256dh: toBase64url(publicKey), auth: toBase64url(auth) },
    privateKey: await subtle.exportKey('jwk', pair.privateKey),
  };
}

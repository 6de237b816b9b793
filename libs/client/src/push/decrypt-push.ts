import { decode } from '../decode';
import type { NudgeFrame } from '../frames';
import { NUDGE_FIELDS } from '../wire-fields';
import { fromBase64url } from './base64url';
import type { PushKeyPair } from './push-key-pair';
import { webCrypto } from './web-crypto';

const HEADER_BYTES = 21;
const SENDER_KEY_BYTES = 65;
const TAG_BYTES = 16;
const encoder = new TextEncoder();

const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
};

async function hkdf(
  salt: Uint8Array<ArrayBuffer>,
  ikm: ArrayBuffer | Uint8Array<ArrayBuffer>,
  info: Uint8Array<ArrayBuffer>,
  bytes: number,
): Promise<ArrayBuffer> {
  const subtle = webCrypto().subtle;
  const key = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  return subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, key, bytes * 8);
}

/** The RFC 8188 header and single record of an RFC 8291 message. */
function split(body: Uint8Array<ArrayBuffer>): {
  salt: Uint8Array<ArrayBuffer>;
  senderKey: Uint8Array<ArrayBuffer>;
  record: Uint8Array<ArrayBuffer>;
} {
  if (body.length < HEADER_BYTES + SENDER_KEY_BYTES + TAG_BYTES)
    throw new Error('too short for an aes128gcm push');
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const recordSize = view.getUint32(16);
  const keyIdLength = body[20];
  const record = body.slice(HEADER_BYTES + keyIdLength);
  if (keyIdLength !== SENDER_KEY_BYTES || record.length > recordSize)
    throw new Error('not a one-record RFC 8291 push');
  return { salt: body.slice(0, 16), senderKey: body.slice(HEADER_BYTES, HEADER_BYTES + keyIdLength), record };
}

/** The plaintext without its padding: the last record ends with 0x02, then zeros (RFC 8188 §2). */
function unpad(padded: Uint8Array): Uint8Array {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end);
}

/**
 * Decrypts a push for this phone (RFC 8291 `aes128gcm`) with WebCrypto only. `payload` is the
 * encrypted body as bytes (a raw Web Push body) or base64url text (the `sighej` key of an APNs or
 * FCM push). Rejects when the push was not encrypted to `keyPair` or was altered.
 */
export async function decryptPush(
  payload: string | Uint8Array | ArrayBuffer,
  keyPair: PushKeyPair,
): Promise<string> {
  const subtle = webCrypto().subtle;
  const body = typeof payload === 'string' ? fromBase64url(payload) : new Uint8Array(payload.slice(0));
  const { salt, senderKey, record } = split(body);
  const privateKey = await subtle.importKey(
    'jwk',
    keyPair.privateKey,
    { name: 'ECDH', namedCurve: 'P-256' },
    false,
    ['deriveBits'],
  );
  const sender = await subtle.importKey('raw', senderKey, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const shared = await subtle.deriveBits({ name: 'ECDH', public: sender }, privateKey, 256);
  const phoneKey = fromBase64url(keyPair.keys.p256dh);
  const keyInfo = concat(encoder.encode('WebPush: info\0'), phoneKey, senderKey);
  const ikm = await hkdf(fromBase64url(keyPair.keys.auth), shared, keyInfo, 32);
  const cek = await hkdf(salt, ikm, encoder.encode('Content-Encoding: aes128gcm\0'), 16);
  const nonce = await hkdf(salt, ikm, encoder.encode('Content-Encoding: nonce\0'), 12);
  const aes = await subtle.importKey('raw', cek, 'AES-GCM', false, ['decrypt']);
  const padded = await subtle.decrypt({ name: 'AES-GCM', iv: nonce }, aes, record);
  return new TextDecoder('utf-8', { fatal: true }).decode(unpad(new Uint8Array(padded)));
}

/**
 * The nudge a push carries, decrypted and checked like a socket frame. Ack it over the socket when
 * the app is awake (`nudge_id`): the pending queue stays the source of truth.
 */
export async function decryptPushedNudge(
  payload: string | Uint8Array | ArrayBuffer,
  keyPair: PushKeyPair,
): Promise<NudgeFrame> {
  const text = await decryptPush(payload, keyPair);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const frame = decode(value, NUDGE_FIELDS);
  if (frame === undefined) throw new Error('the push is not a nudge frame');
  return frame;
}

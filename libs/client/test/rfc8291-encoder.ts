import { createCipheriv, createECDH, createHmac, randomBytes } from 'node:crypto';

const hmac = (key: Buffer, ...data: Buffer[]): Buffer => {
  const mac = createHmac('sha256', key);
  for (const part of data) mac.update(part);
  return mac.digest();
};
const ONE = Buffer.from([1]);

export interface EncoderInputs {
  /** The sender's ephemeral P-256 private key (32 bytes); random when not given. */
  senderPrivateKey?: Buffer;
  salt?: Buffer;
  recordSize?: number;
  /** Zero bytes of padding after the delimiter. */
  padding?: number;
  /** 2 ends the last record (RFC 8188 §2); 1 would mean more records follow. */
  delimiter?: number;
}

/**
 * An RFC 8291 / RFC 8188 encoder written from the RFCs with node:crypto alone, independent of the
 * `web-push` library the service uses, so the client's decryption is checked against two makers.
 */
export function encryptForPhone(
  plaintext: string,
  keys: { p256dh: string; auth: string },
  inputs: EncoderInputs = {},
): Buffer {
  const sender = createECDH('prime256v1');
  if (inputs.senderPrivateKey === undefined) sender.generateKeys();
  else sender.setPrivateKey(inputs.senderPrivateKey);
  const senderKey = sender.getPublicKey();
  const phoneKey = Buffer.from(keys.p256dh, 'base64url');
  const salt = inputs.salt ?? randomBytes(16);
  const recordSize = inputs.recordSize ?? 4096;
  const secret = sender.computeSecret(phoneKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), phoneKey, senderKey]);
  const ikm = hmac(hmac(Buffer.from(keys.auth, 'base64url'), secret), keyInfo, ONE);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0'), ONE).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0'), ONE).subarray(0, 12);
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  const padded = Buffer.concat([
    Buffer.from(plaintext),
    Buffer.from([inputs.delimiter ?? 2]),
    Buffer.alloc(inputs.padding ?? 0),
  ]);
  const record = Buffer.concat([cipher.update(padded), cipher.final(), cipher.getAuthTag()]);
  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(recordSize, 16);
  header[20] = senderKey.length;
  return Buffer.concat([header, senderKey, record]);
}

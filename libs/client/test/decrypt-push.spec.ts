import { createECDH } from 'node:crypto';
import { decryptPush, decryptPushedNudge, generatePushKeyPair, PushKeyPair } from '../src';
import { encryptPayload } from '../../push/src/crypto/encrypt-payload';
import { encryptForPhone } from './rfc8291-encoder';

const NUDGE = {
  type: 'nudge',
  nudge_id: '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
  token: 'PartnerTokenAsSeen0001',
  shared_interests: ['music', 'tech'],
  message: 'Someone nearby shares your interest in music and tech.',
  sent_at: '2026-12-03T13:00:00.000Z',
};
const FRAME = JSON.stringify(NUDGE);

/** A key pair made with node:crypto, in the shape generatePushKeyPair answers. */
function nodeKeyPair(): PushKeyPair {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  return {
    keys: { p256dh: publicKey.toString('base64url'), auth: Buffer.alloc(16, 7).toString('base64url') },
    privateKey: {
      kty: 'EC',
      crv: 'P-256',
      d: ecdh.getPrivateKey().toString('base64url'),
      x: publicKey.subarray(1, 33).toString('base64url'),
      y: publicKey.subarray(33).toString('base64url'),
    },
  };
}

describe('push decryption (RFC 8291 aes128gcm, WebCrypto)', () => {
  let phone: PushKeyPair;
  beforeAll(async () => {
    phone = await generatePushKeyPair();
  });

  it('makes keys of the shape PUT /session/{ble_token}/push takes, and a private JWK to keep', () => {
    expect(phone.keys.p256dh).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(phone.keys.auth).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(phone.keys.p256dh, 'base64url')[0]).toBe(4);
    expect(phone.privateKey).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String) });
  });

  it('decrypts what the service encrypts, as raw bytes (Web Push) and as base64url (APNs, FCM)', async () => {
    const body = encryptPayload(FRAME, phone.keys);
    await expect(decryptPush(new Uint8Array(body), phone)).resolves.toBe(FRAME);
    await expect(decryptPush(body.toString('base64url'), phone)).resolves.toBe(FRAME);
    await expect(decryptPushedNudge(body.toString('base64url'), phone)).resolves.toEqual(NUDGE);
  });

  it('decrypts what an independent encoder makes, padded or not, with keys made by node:crypto', async () => {
    const other = nodeKeyPair();
    for (const padding of [0, 1, 100]) {
      const body = encryptForPhone(FRAME, other.keys, { padding });
      await expect(decryptPush(body, other)).resolves.toBe(FRAME);
    }
    const arrayBuffer = new Uint8Array(encryptForPhone('héllo ✓', other.keys)).buffer;
    await expect(decryptPush(arrayBuffer, other)).resolves.toBe('héllo ✓');
  });

  it('decrypts a push for its own keys only', async () => {
    const body = encryptPayload(FRAME, nodeKeyPair().keys);
    await expect(decryptPush(body, phone)).rejects.toThrow();
  });

  it('refuses an altered push, a truncated one and one that is no RFC 8291 body', async () => {
    const body = encryptPayload(FRAME, phone.keys);
    const altered = Buffer.from(body);
    altered[altered.length - 20] ^= 1;
    await expect(decryptPush(altered, phone)).rejects.toThrow();
    await expect(decryptPush(body.subarray(0, 90), phone)).rejects.toThrow(/too short/);
    const shortKey = Buffer.from(body);
    shortKey[20] = 33;
    await expect(decryptPush(shortKey, phone)).rejects.toThrow(/one-record/);
    await expect(decryptPush('not*base64url', phone)).rejects.toThrow(/base64url/);
  });

  it('refuses a push whose plaintext is not a nudge frame', async () => {
    await expect(decryptPushedNudge(encryptPayload('{"type":"other"}', phone.keys), phone)).rejects.toThrow(
      /not a nudge frame/,
    );
    await expect(decryptPushedNudge(encryptPayload('not json', phone.keys), phone)).rejects.toThrow(
      /not a nudge frame/,
    );
  });

  it('refuses a record that is not the last one (delimiter 1: more records would follow)', async () => {
    const other = nodeKeyPair();
    await expect(decryptPush(encryptForPhone(FRAME, other.keys, { delimiter: 1 }), other)).rejects.toThrow(
      /delimiter/,
    );
  });

  it("decrypts RFC 8291 section 5's example message to its plaintext", async () => {
    const publicKey = Buffer.from(RFC.uaPublic, 'base64url');
    const rfcPhone: PushKeyPair = {
      keys: { p256dh: RFC.uaPublic, auth: RFC.auth },
      privateKey: {
        kty: 'EC',
        crv: 'P-256',
        d: RFC.uaPrivate,
        x: publicKey.subarray(1, 33).toString('base64url'),
        y: publicKey.subarray(33).toString('base64url'),
      },
    };
    await expect(decryptPush(RFC.message, rfcPhone)).resolves.toBe(
      'When I grow up, I want to be a watermelon',
    );
    // The independent encoder, given the example's sender key and salt, makes the same bytes.
    const encoded = encryptForPhone('When I grow up, I want to be a watermelon', rfcPhone.keys, {
      senderPrivateKey: Buffer.from(RFC.asPrivate, 'base64url'),
      salt: Buffer.from(RFC.salt, 'base64url'),
    });
    expect(encoded.toString('base64url')).toBe(RFC.message);
  });
});

/** RFC 8291 section 5 (example): keys, salt and the resulting message, base64url. */
const RFC = {
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  uaPublic: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  asPrivate: 'yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw',
  auth: 'BTBZMqHH6r4Tts7J_aSIgg',
  salt: 'DGv6ra1nlYgDCS1FRnbzlw',
  message:
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};

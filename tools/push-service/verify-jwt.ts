import { createPublicKey, KeyObject, verify } from 'node:crypto';

export interface VerifiedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

const decodePart = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Checks a compact JWS's signature with `key` (ES256 or RS256, as `alg` must say); throws when it fails. */
export function verifyJwt(jwt: string, key: KeyObject, algorithm: 'ES256' | 'RS256'): VerifiedJwt {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new Error('not a compact JWS');
  const [header, claims, signature] = parts;
  const decodedHeader = decodePart(header);
  if (decodedHeader.alg !== algorithm) throw new Error(`alg is not ${algorithm}`);
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    algorithm === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key,
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) throw new Error('bad signature');
  return { header: decodedHeader, claims: decodePart(claims) };
}

/** A P-256 public key given as its 65-byte uncompressed point, base64url (a VAPID key, a p256dh). */
export function p256PublicKey(point: string): KeyObject {
  const raw = Buffer.from(point, 'base64url');
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
}

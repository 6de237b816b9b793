import { KeyObject, sign } from 'node:crypto';

export type JwtAlgorithm = 'ES256' | 'RS256';

const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A compact JWS (RFC 7515) signed with node:crypto: ES256 (P-256, the raw r||s signature
 * JWA asks for) for the APNs provider token, RS256 for the FCM JWT-bearer assertion.
 */
export function signJwt(
  algorithm: JwtAlgorithm,
  header: Record<string, string>,
  claims: Record<string, string | number>,
  key: KeyObject,
): string {
  const input = `${part({ alg: algorithm, ...header })}.${part(claims)}`;
  const signature = sign(
    'sha256',
    Buffer.from(input),
    algorithm === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key,
  );
  return `${input}.${signature.toString('base64url')}`;
}

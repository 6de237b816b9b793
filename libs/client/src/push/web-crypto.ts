/**
 * The part of WebCrypto the push helpers use, typed here so the package needs neither the DOM
 * library nor Node's types. At run time it is the platform's own `globalThis.crypto`:
 * browsers, service workers, Node 20 and newer, React Native with a WebCrypto polyfill that sets
 * it (e.g. react-native-quick-crypto's `install()`).
 */
export type Bytes = ArrayBuffer | Uint8Array<ArrayBuffer>;

/** A private key as a JWK (RFC 7517): `d`, `x`, `y` base64url for P-256. */
export interface PrivateKeyJwk {
  kty?: string;
  crv?: string;
  d?: string;
  x?: string;
  y?: string;
  ext?: boolean;
  key_ops?: string[];
}

/** An opaque platform key. */
export interface PlatformKey {
  readonly type: string;
}

type Usage = 'deriveBits' | 'decrypt';
type ImportAlgorithm = { name: 'ECDH'; namedCurve: 'P-256' } | 'HKDF' | 'AES-GCM';

export interface SubtleSubset {
  generateKey(
    algorithm: { name: 'ECDH'; namedCurve: 'P-256' },
    extractable: boolean,
    usages: Usage[],
  ): Promise<{ publicKey: PlatformKey; privateKey: PlatformKey }>;
  exportKey(format: 'raw', key: PlatformKey): Promise<ArrayBuffer>;
  exportKey(format: 'jwk', key: PlatformKey): Promise<PrivateKeyJwk>;
  importKey(
    format: 'raw',
    keyData: Bytes,
    algorithm: ImportAlgorithm,
    extractable: boolean,
    usages: Usage[],
  ): Promise<PlatformKey>;
  importKey(
    format: 'jwk',
    keyData: PrivateKeyJwk,
    algorithm: ImportAlgorithm,
    extractable: boolean,
    usages: Usage[],
  ): Promise<PlatformKey>;
  deriveBits(
    algorithm:
      { name: 'ECDH'; public: PlatformKey } | { name: 'HKDF'; hash: 'SHA-256'; salt: Bytes; info: Bytes },
    baseKey: PlatformKey,
    length: number,
  ): Promise<ArrayBuffer>;
  decrypt(algorithm: { name: 'AES-GCM'; iv: Bytes }, key: PlatformKey, data: Bytes): Promise<ArrayBuffer>;
}

export interface CryptoSubset {
  subtle: SubtleSubset;
  getRandomValues<T extends Uint8Array<ArrayBuffer>>(array: T): T;
}

export function webCrypto(): CryptoSubset {
  const crypto = (globalThis as { crypto?: Partial<CryptoSubset> }).crypto;
  if (crypto?.subtle === undefined || crypto.getRandomValues === undefined)
    throw new Error('No WebCrypto (globalThis.crypto.subtle): install a WebCrypto polyfill first');
  return crypto as CryptoSubset;
}

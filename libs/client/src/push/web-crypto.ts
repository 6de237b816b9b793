/**
 * The platform's WebCrypto: browsers, service workers, Node 20 and newer, and React Native with a
 * polyfill that sets `globalThis.crypto` (e.g. react-native-quick-crypto's `install()`).
 */
export function webCrypto(): Crypto {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (crypto?.subtle === undefined)
    throw new Error('No WebCrypto (globalThis.crypto.subtle): install a WebCrypto polyfill first');
  return crypto;
}

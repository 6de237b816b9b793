const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A fresh random BLE token: 22 characters of the 64-letter alphabet SPEC allows (132 bits), so
 * collisions with live tokens (409) are practically impossible and a token says nothing.
 */
export function randomBleToken(length = 22): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => ALPHABET[byte & 63]).join('');
}

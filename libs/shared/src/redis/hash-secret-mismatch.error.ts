/** How much of a fingerprint a message shows: enough to tell two apart. */
const SHOWN = 8;

/**
 * This instance's INTEREST_HASH_SECRET is not the one the other instances on its Redis and key
 * prefix use: the boot stops with this one line, a running instance logs it and turns readiness
 * off. It names the key (to rotate, delete it) and shows fingerprints only, never the secret.
 */
export class HashSecretMismatchError extends Error {
  constructor(ours: string, theirs: string, key: string) {
    super(
      'INTEREST_HASH_SECRET differs from the one the other instances on this Redis and key prefix use ' +
        `(fingerprint ${ours.slice(0, SHOWN)} here, ${theirs.slice(0, SHOWN)} in ${key}); ` +
        `every instance needs the same secret (to rotate it: stop them all, then DEL ${key})`,
    );
    this.name = 'HashSecretMismatchError';
  }
}

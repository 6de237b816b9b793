/** How much of a fingerprint a message shows: enough to tell two apart. */
const SHOWN = 8;

/**
 * This instance's LIMIT_KEY_SECRET is not the one the other instances on its Redis and key
 * prefix use (they would count one client's requests under different rate-limit keys): the boot
 * stops with this one line, a running instance logs it and turns readiness off. It names the key
 * (to rotate, delete it) and shows fingerprints only, never the secret.
 */
export class LimitKeySecretMismatchError extends Error {
  constructor(ours: string | undefined, theirs: string, key: string) {
    super(
      ours === undefined
        ? 'LIMIT_KEY_SECRET is unset here (a random one for this process), but the other instances on this ' +
            `Redis and key prefix share one (fingerprint ${theirs.slice(0, SHOWN)} in ${key}); set the same LIMIT_KEY_SECRET`
        : 'LIMIT_KEY_SECRET differs from the one the other instances on this Redis and key prefix use ' +
            `(fingerprint ${ours.slice(0, SHOWN)} here, ${theirs.slice(0, SHOWN)} in ${key}); ` +
            `every instance needs the same secret (to rotate it: stop them all, then DEL ${key})`,
    );
    this.name = 'LimitKeySecretMismatchError';
  }
}

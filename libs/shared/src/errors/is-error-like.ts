/**
 * True for an Error, including one made in another realm: a socket error created by Node's
 * own `net` (`read ECONNRESET`) is not an instance of the Error a sandbox (a test runner's VM
 * context) sees, yet it is the same failure and must be classified the same way.
 */
export function isErrorLike(value: unknown): value is Error {
  if (value instanceof Error) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { message, name } = value as { message?: unknown; name?: unknown };
  return typeof message === 'string' && typeof name === 'string';
}

/** An error's message for a log line, whatever was thrown. */
export function errorText(error: unknown): string {
  return isErrorLike(error) ? error.message : String(error);
}

import { DependencyUnavailableError } from '../errors';

// ioredis signals "cannot reach the server" with these; a ReplyError (a command Redis
// refused) is a bug and stays a 500.
const CONNECTION_FAILURES = [
  /Stream isn't writeable/,
  /Connection is closed/,
  /Command timed out/,
  /connect ECONNREFUSED/,
  /Reached the max retries per request limit/,
  /ECONNRESET/,
  /EPIPE/,
  /Socket closed unexpectedly/,
];

/** True when `error` means Redis cannot be reached right now (as opposed to a refused command). */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  return CONNECTION_FAILURES.some((pattern) => pattern.test(error.message));
}

/** Re-throws a connection failure as the domain's 503; anything else unchanged. */
export function rethrowRedisError(error: unknown): never {
  if (isRedisUnavailable(error)) throw new DependencyUnavailableError('redis', error);
  throw error;
}

/** Runs one Redis operation (one command or several), answering a connection failure with the 503. */
export async function redisOperation<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    return rethrowRedisError(error);
  }
}

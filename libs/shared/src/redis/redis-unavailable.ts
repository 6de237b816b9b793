import { DependencyUnavailableError, isErrorLike } from '../errors';
import { requestRedisDeadline } from './request-budget';

/** How long a Redis operation may take before its caller gets a 503 (ioredis's `commandTimeout` too). */
export const COMMAND_TIMEOUT_MS = 1500;

const DEADLINE_PASSED = /^Redis operation not answered within \d+ ms$/;

// ioredis signals "cannot reach the server" (or the cluster) with these; any other
// ReplyError (a command Redis refused) is a bug and stays a 500.
const CONNECTION_FAILURES = [
  /Stream isn't writeable/,
  /Connection is closed/,
  /Command timed out/,
  /Socket timeout/,
  /connect ECONNREFUSED/,
  /Reached the max retries per request limit/,
  /ECONNRESET/,
  /EPIPE/,
  /Socket closed unexpectedly/,
  /Cluster isn't ready/,
  /None of startup nodes is available/,
  /Failed to refresh slots cache/,
  /Cluster is ended/,
  /No sharded subscriber for slot/,
  /All sentinels are unreachable/,
  DEADLINE_PASSED,
];

// Replies of a Cluster or Sentinel deployment in the middle of a failover or a resharding:
// the command was not executed and the same call succeeds once the topology settles.
// (ioredis follows MOVED/ASK itself; one that still surfaces means it ran out of redirects.)
const TOPOLOGY_REPLIES = /^(CLUSTERDOWN|READONLY|LOADING|TRYAGAIN|MASTERDOWN|MOVED|ASK|NOREPLICAS) /;

// ioredis's auto-pipelining grouped commands by the slot map of one moment; a MOVED (a slot
// migrated) changed the map before the batch left, so it refused the batch without sending it.
const NOT_SENT = /^All keys in the pipeline should belong to the same slots allocation group$/;

/** True when `error` means Redis cannot be reached right now (as opposed to a refused command). */
export function isRedisUnavailable(error: unknown): boolean {
  if (!isErrorLike(error)) return false;
  if (error.name === 'MaxRetriesPerRequestError' || error.name === 'ClusterAllFailedError') return true;
  if (TOPOLOGY_REPLIES.test(error.message) || NOT_SENT.test(error.message)) return true;
  // A MULTI whose queued commands were refused for one of those reasons.
  if (error.message.startsWith('EXECABORT') && 'previousErrors' in error) {
    const previous = (error as { previousErrors: unknown }).previousErrors;
    return Array.isArray(previous) && previous.some((cause) => isRedisUnavailable(cause));
  }
  return CONNECTION_FAILURES.some((pattern) => pattern.test(error.message));
}

/** Re-throws a connection failure as the domain's 503; anything else unchanged. */
export function rethrowRedisError(error: unknown): never {
  if (isRedisUnavailable(error)) throw new DependencyUnavailableError('redis', error);
  throw error;
}

/**
 * Runs one Redis operation (one command or several), answering a connection failure with the
 * 503. An operation that Redis never saw because a reshard moved a slot under its batch runs
 * once more, on the new map.
 *
 * The operation has COMMAND_TIMEOUT_MS from this call, and no more than what is left of the
 * HTTP request's own COMMAND_TIMEOUT_MS for all its Redis work (`RedisBudget`), so a request
 * fails within the command timeout however many operations it makes. ioredis starts a
 * command's own timeout only when it hands the command to a connection, and while a node
 * stalls its auto-pipelined batch, the next batch for that node waits in the client unsent
 * (then its own full timeout: 3 s and more, measured under SIGSTOP). The deadline does not
 * recall what was sent: as after a command timeout, the caller must not assume either way.
 */
export async function redisOperation<T>(operation: () => Promise<T>): Promise<T> {
  const ms = Math.min(COMMAND_TIMEOUT_MS, requestRedisDeadline() - Date.now());
  if (ms <= 0) throw new DependencyUnavailableError('redis', new Error(deadlineMessage()));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(deadlineMessage())), ms);
  });
  try {
    try {
      return await Promise.race([operation(), deadline]);
    } catch (error) {
      if (!isErrorLike(error) || !NOT_SENT.test(error.message)) return rethrowRedisError(error);
    }
    try {
      return await Promise.race([operation(), deadline]);
    } catch (error) {
      return rethrowRedisError(error);
    }
  } finally {
    clearTimeout(timer);
  }
}

const deadlineMessage = (): string => `Redis operation not answered within ${COMMAND_TIMEOUT_MS} ms`;

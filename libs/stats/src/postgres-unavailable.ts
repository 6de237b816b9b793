import { DependencyUnavailableError, isErrorLike } from '@sighej/shared';

// SQLSTATE classes meaning "cannot serve now": connection exception, operator intervention
// (shutdown), insufficient resources.
const UNAVAILABLE_SQLSTATE = /^(08|57P|53)/;
// Socket-level failures reported by node-postgres with Node's error code.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
// node-postgres and TypeORM say "no connection" in words, without a code.
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /connection is not yet established/i,
  /database is not established/i,
  /Driver not Connected/i,
  /Client has encountered a connection error/i,
];

function codeOf(error: object): string | undefined {
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const driver = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof driver === 'string' ? driver : undefined;
}

/**
 * True when `error` means Postgres cannot be reached (no connection, not initialised yet,
 * a timeout). A query the server refused, and any other error (a bug), is not: it stays a 500.
 */
export function isPostgresUnavailable(error: unknown): boolean {
  if (!isErrorLike(error)) return false;
  const code = codeOf(error);
  if (code !== undefined && (UNAVAILABLE_SQLSTATE.test(code) || NETWORK_CODES.has(code))) return true;
  const driverMessage = (error as { driverError?: { message?: unknown } }).driverError?.message;
  const messages = [error.message, typeof driverMessage === 'string' ? driverMessage : ''];
  return UNAVAILABLE_MESSAGES.some((pattern) => messages.some((message) => pattern.test(message)));
}

/** Re-throws a connection failure as the domain's 503 naming Postgres; anything else unchanged. */
export function rethrowPostgresError(error: unknown): never {
  if (isPostgresUnavailable(error)) throw new DependencyUnavailableError('postgres', error);
  throw error;
}

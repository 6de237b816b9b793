import { DependencyUnavailableError } from '@sighej/shared';

// SQLSTATE classes meaning "cannot serve now": connection exception, operator intervention
// (shutdown), insufficient resources.
const UNAVAILABLE_SQLSTATE = /^(08|57P|53)/;
const SQLSTATE = /^[0-9A-Z]{5}$/;

function sqlState(error: object): string | undefined {
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const driver = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof driver === 'string' ? driver : undefined;
}

/**
 * True when `error` means Postgres cannot be reached (no connection, not initialised yet,
 * a timeout), as opposed to a query the server refused, which is a bug and stays a 500.
 */
export function isPostgresUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = sqlState(error);
  if (code === undefined || !SQLSTATE.test(code)) return true;
  return UNAVAILABLE_SQLSTATE.test(code);
}

/** Re-throws a connection failure as the domain's 503 naming Postgres; anything else unchanged. */
export function rethrowPostgresError(error: unknown): never {
  if (isPostgresUnavailable(error)) throw new DependencyUnavailableError('postgres', error);
  throw error;
}

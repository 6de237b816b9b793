/** A REST call answered with a status the client does not turn into a result. */
export class SighejHttpError extends Error {
  constructor(
    readonly status: number,
    /** The service's words (`message` of the error body), for logs and developers. */
    readonly detail: string,
    /** From `Retry-After` on 429 (and 503 when given). */
    readonly retryAfterMs?: number,
  ) {
    super(`SigHej answered ${status}: ${detail}`);
    this.name = 'SighejHttpError';
  }
}

/** `Retry-After` in delay-seconds or as an HTTP date, in milliseconds from now. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

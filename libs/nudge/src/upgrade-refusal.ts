/** The HTTP error body for a refused upgrade: the app's own mapping (DomainErrorFilter) builds it. */
export interface RefusalBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

/**
 * A complete raw HTTP/1.1 response refusing an upgrade, with the REST error body. An error
 * that carries `retryAfterSeconds` (the rate limiter's 429) adds `Retry-After`.
 */
export function upgradeRefusal(body: RefusalBody, error?: unknown): string {
  const json = JSON.stringify(body);
  const retryAfter = (error as { retryAfterSeconds?: unknown } | null | undefined)?.retryAfterSeconds;
  return (
    `HTTP/1.1 ${body.statusCode} ${body.error}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(json)}\r\n` +
    (typeof retryAfter === 'number' && Number.isFinite(retryAfter)
      ? `Retry-After: ${Math.max(1, Math.ceil(retryAfter))}\r\n`
      : '') +
    'Connection: close\r\n\r\n' +
    json
  );
}

import { bearerChallenge } from './bearer-challenge';

/**
 * Nest's standard error body, which every refusal carries (REST, upgrades, parser-level
 * rejections). `message` is always one string: several validation problems are joined by "; ".
 */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/**
 * A complete raw HTTP/1.1 error response, for refusals written straight to the socket (an
 * upgrade, a request Node's parser rejected). An error that carries `retryAfterSeconds` (the
 * rate limiter's 429) adds `Retry-After`; a 401 carries the bearer challenge (RFC 6750).
 */
export function rawErrorResponse(body: ErrorBody, error?: unknown, tokenPresented = false): string {
  const json = JSON.stringify(body);
  const retryAfter = (error as { retryAfterSeconds?: unknown } | null | undefined)?.retryAfterSeconds;
  return (
    `HTTP/1.1 ${body.statusCode} ${body.error}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(json)}\r\n` +
    (typeof retryAfter === 'number' && Number.isFinite(retryAfter)
      ? `Retry-After: ${Math.max(1, Math.ceil(retryAfter))}\r\n`
      : '') +
    (body.statusCode === 401 ? `WWW-Authenticate: ${bearerChallenge(tokenPresented)}\r\n` : '') +
    'Connection: close\r\n\r\n' +
    json
  );
}

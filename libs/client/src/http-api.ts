import { BackoffOptions, backoffDelay } from './backoff';
import { decode } from './decode';
import { parseRetryAfter, SighejHttpError } from './http-error';
import { MatchRequest, MatchResult, SessionCreated, TokenRotated } from './rest';
import { sleep } from './sleep';
import { FetchLike } from './transport';
import { FieldTable, MATCH_RESULT_FIELDS, SESSION_CREATED_FIELDS, TOKEN_ROTATED_FIELDS } from './wire-fields';

export interface HttpApiOptions {
  baseUrl: string;
  fetch: FetchLike;
  backoff: BackoffOptions;
  /** Attempts per call when the service answers 429 or 503 or cannot be reached. */
  maxAttempts: number;
  random: () => number;
}

/** Statuses worth the same request again later: over a limit, or a dependency down. */
const RETRYABLE: ReadonlySet<number> = new Set([429, 503]);
/**
 * A rotation over its limit (429) is not retried here: the limit counts per hour, so its
 * Retry-After can be minutes, and sightings wait for a rotation in flight. The caller keeps
 * the current token and asks again after Retry-After.
 */
const ROTATION_RETRYABLE: ReadonlySet<number> = new Set([503]);

/** The REST calls of a phone, with 429 (Retry-After) and 503 (backoff) retried. */
export class HttpApi {
  constructor(private readonly options: HttpApiOptions) {}

  /** The server chooses the session's first BLE token and answers it with the access token. */
  createSession(interests: readonly string[]): Promise<SessionCreated> {
    return this.call('POST', '/session', undefined, { interests }, SESSION_CREATED_FIELDS);
  }

  /** Asks the server for a new token (no body: the server chooses it). */
  rotate(bleToken: string, accessToken: string): Promise<TokenRotated> {
    const path = `/session/${encodeURIComponent(bleToken)}/rotate`;
    return this.call('POST', path, accessToken, undefined, TOKEN_ROTATED_FIELDS, ROTATION_RETRYABLE);
  }

  async end(bleToken: string, accessToken: string): Promise<void> {
    await this.call('DELETE', `/session/${encodeURIComponent(bleToken)}`, accessToken, undefined, undefined);
  }

  async registerPush(bleToken: string, accessToken: string, body: object): Promise<void> {
    await this.call('PUT', `/session/${encodeURIComponent(bleToken)}/push`, accessToken, body, undefined);
  }

  async unregisterPush(bleToken: string, accessToken: string): Promise<void> {
    await this.call(
      'DELETE',
      `/session/${encodeURIComponent(bleToken)}/push`,
      accessToken,
      undefined,
      undefined,
    );
  }

  match(accessToken: string, request: MatchRequest): Promise<MatchResult> {
    return this.call('POST', '/match', accessToken, request, MATCH_RESULT_FIELDS);
  }

  private async call<T>(
    method: string,
    path: string,
    accessToken: string | undefined,
    body: object | undefined,
    fields: FieldTable<T> | undefined,
    retryable = RETRYABLE,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (accessToken !== undefined) headers.Authorization = `Bearer ${accessToken}`;
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= this.options.maxAttempts;
      let response: Awaited<ReturnType<FetchLike>>;
      try {
        response = await this.options.fetch(`${this.options.baseUrl}${path}`, init);
      } catch (error) {
        if (last) throw error;
        await sleep(this.delay(attempt, undefined));
        continue;
      }
      const text = await response.text();
      if (response.status < 300) return this.decoded(text, fields, response.status);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      if (!retryable.has(response.status) || last) {
        throw new SighejHttpError(response.status, errorDetail(text), retryAfterMs);
      }
      await sleep(this.delay(attempt, retryAfterMs));
    }
  }

  private delay(attempt: number, retryAfterMs: number | undefined): number {
    // The server's Retry-After is a floor; jitter on top keeps retries from arriving together.
    const jitter = backoffDelay(attempt, this.options.backoff, this.options.random);
    return retryAfterMs === undefined ? jitter : retryAfterMs + jitter / 4;
  }

  private decoded<T>(text: string, fields: FieldTable<T> | undefined, status: number): T {
    if (fields === undefined) return undefined as T;
    const value = decode(parseJson(text), fields);
    if (value === undefined) throw new SighejHttpError(status, `unexpected body: ${text.slice(0, 200)}`);
    return value;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorDetail(text: string): string {
  const body = parseJson(text) as { message?: unknown } | undefined;
  const message = body?.message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return text.slice(0, 200);
}

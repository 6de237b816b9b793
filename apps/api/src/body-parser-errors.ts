/** What body-parser and zlib throw for a body that cannot be read, in words a client developer can act on. */
import { InvalidRequestError } from '@sighej/shared';

/** body-parser's errors carry a 4xx `status` and a `type` such as 'entity.parse.failed'. */
export interface BodyParserError {
  status: number;
  type: string;
  message: string;
  /** The raw text, on parse failures. */
  body?: unknown;
}

export function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;
  return (
    typeof candidate?.type === 'string' &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500
  );
}

export function bodyParserMessage({ type, message, body }: BodyParserError): string {
  if (type === 'entity.too.large') return 'Request body exceeds the 16 KiB limit';
  if (type === 'entity.parse.failed') return parseFailureMessage(message, body);
  if (type === 'charset.unsupported' || type === 'encoding.unsupported')
    return `Unsupported body encoding: ${message}`;
  return message;
}

/**
 * Strict parsing refuses valid JSON that is not an object or array (`null`, `7`, `"x"`); saying
 * "not valid JSON" about `null` would send a client developer looking for a syntax error.
 */
function parseFailureMessage(message: string, body: unknown): string {
  if (typeof body === 'string' && isJson(body)) {
    return `Request body must be a JSON object, not ${body.trim().slice(0, 20)}`;
  }
  return `Malformed JSON body: ${message}`;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A body whose `Content-Encoding` (gzip, deflate, br) does not decode: body-parser passes zlib's
 * own error on with status 400 but without a `type`, and its codes are `Z_*` or `ERR__ERROR_*`.
 */
export function isCorruptCompressedBody(error: unknown): error is Error {
  const candidate = error as { status?: unknown; code?: unknown; errno?: unknown } | null;
  return (
    error instanceof Error &&
    candidate?.status === 400 &&
    typeof candidate.errno === 'number' &&
    typeof candidate.code === 'string' &&
    /^(Z_|ERR__ERROR_)/.test(candidate.code)
  );
}

/**
 * Express error middleware right behind the JSON parser: Nest would turn the parser's
 * SyntaxError into a bare 400 with JavaScript's words ("null" is not valid JSON); this one says
 * what is wrong with the body instead, through the app's one error mapping.
 */
export function describeUnparsableBody(
  error: unknown,
  _request: unknown,
  _response: unknown,
  next: (error: unknown) => void,
): void {
  if (isBodyParserError(error) && error.type === 'entity.parse.failed')
    return next(new InvalidRequestError(bodyParserMessage(error)));
  next(error);
}

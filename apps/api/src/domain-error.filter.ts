import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import {
  bearerChallenge,
  DependencyUnavailableError,
  DomainError,
  DomainErrorKind,
  ErrorBody,
  isRedisUnavailable,
  Metrics,
  RateLimitedError,
} from '@sighej/shared';
import type { Request, Response } from 'express';

const STATUS: Record<DomainErrorKind, HttpStatus> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  not_found: HttpStatus.NOT_FOUND,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const REASON: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** body-parser's errors carry a 4xx `status` and a `type` such as 'entity.parse.failed'. */
interface BodyParserError {
  status: number;
  type: string;
  message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;
  return (
    typeof candidate?.type === 'string' &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500
  );
}

function bodyParserMessage({ type, message }: BodyParserError): string {
  if (type === 'entity.too.large') return 'Request body exceeds the 16 KiB limit';
  if (type === 'entity.parse.failed') return `Malformed JSON body: ${message}`;
  if (type === 'charset.unsupported' || type === 'encoding.unsupported')
    return `Unsupported body encoding: ${message}`;
  return message;
}

/**
 * A body whose `Content-Encoding` (gzip, deflate, br) does not decode: body-parser passes zlib's
 * own error on with status 400 but without a `type`, and its codes are `Z_*` or `ERR__ERROR_*`.
 */
function isCorruptCompressedBody(error: unknown): error is Error {
  const candidate = error as { status?: unknown; code?: unknown; errno?: unknown } | null;
  return (
    error instanceof Error &&
    candidate?.status === 400 &&
    typeof candidate.errno === 'number' &&
    typeof candidate.code === 'string' &&
    /^(Z_|ERR__ERROR_)/.test(candidate.code)
  );
}

/** Maps anything thrown while serving HTTP to Nest's standard error body. The only place that knows statuses. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const fields: Record<string, unknown> =
      typeof response === 'object' ? { ...response } : { message: response };
    // Keep Nest's field order (statusCode, error, message) and any extra fields, such as /health's details.
    const body: ErrorBody = { statusCode: status, error: REASON[status] ?? 'Error', message: error.message };
    return Object.assign(body, fields);
  }
  if (error instanceof DomainError) {
    const statusCode = STATUS[error.kind];
    return { statusCode, error: REASON[statusCode] ?? 'Error', message: error.message };
  }
  if (isBodyParserError(error)) {
    return {
      statusCode: error.status,
      error: REASON[error.status] ?? 'Bad Request',
      message: bodyParserMessage(error),
    };
  }
  if (isCorruptCompressedBody(error)) {
    return {
      statusCode: 400,
      error: REASON[400]!,
      message: `Request body does not match its Content-Encoding: ${error.message}`,
    };
  }
  if (isRedisUnavailable(error)) {
    return { statusCode: 503, error: REASON[503]!, message: 'Redis is unavailable; try again shortly' };
  }
  return { statusCode: 500, error: REASON[500]!, message: 'Internal server error' };
}

@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('DomainErrorFilter');

  /** With `metrics`, every request failed by an unreachable Redis or Postgres is counted. */
  constructor(private readonly metrics?: Metrics) {}

  catch(error: unknown, host: ArgumentsHost): void {
    // A handler that answers after the request timeout already sent its 503: nothing to report.
    if ((error as { code?: unknown } | null)?.code === 'ERR_HTTP_HEADERS_SENT') return;
    const body = toErrorBody(error);
    if (body.statusCode >= 500) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      const cause =
        error instanceof Error && error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
      if (body.statusCode === 503) this.countDependencyError(error);
      // An HTTP 503 is logged once, by the request line (logger.options.ts), with this reason.
      if (body.statusCode === 503 && host.getType() === 'http')
        host.switchToHttp().getResponse<Response>().locals.failure = `${String(body.message)}${cause}`;
      else if (body.statusCode === 503) this.logger.warn(`${String(body.message)}${cause}`);
      else this.logger.error(detail);
    }
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (error instanceof RateLimitedError) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (body.statusCode === 401) {
      const presented = host.switchToHttp().getRequest<Request>().headers.authorization !== undefined;
      response.setHeader('WWW-Authenticate', bearerChallenge(presented));
    }
    response.status(body.statusCode).json(body);
  }

  private countDependencyError(error: unknown): void {
    if (error instanceof DependencyUnavailableError) {
      if (error.dependency === 'redis') this.metrics?.redisError();
      else this.metrics?.postgresError();
    } else if (isRedisUnavailable(error)) this.metrics?.redisError();
  }
}

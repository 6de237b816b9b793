import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
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
import { AllowedMethods } from './allowed-methods';
import { bodyParserMessage, isBodyParserError, isCorruptCompressedBody } from './body-parser-errors';

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

/** One string whatever Nest's exception held: the validation pipe's list of problems is joined. */
function oneMessage(message: unknown): string {
  return Array.isArray(message) ? message.map(String).join('; ') : String(message);
}

function methodNotAllowed(host: ArgumentsHost, allow: string[]): ErrorBody {
  const { method, path } = host.switchToHttp().getRequest<Request>();
  return {
    statusCode: 405,
    error: 'Method Not Allowed',
    message: `${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`,
  };
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
    return Object.assign(body, fields, { message: oneMessage(fields.message ?? error.message) });
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

  /**
   * With `metrics`, every request failed by an unreachable Redis or Postgres is counted; with
   * `allowed`, a request no route took on a path that other methods serve is 405 with `Allow`.
   */
  constructor(
    private readonly metrics?: Metrics,
    private readonly allowed?: AllowedMethods,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    // A handler that answers after the request timeout already sent its 503: nothing to report.
    if ((error as { code?: unknown } | null)?.code === 'ERR_HTTP_HEADERS_SENT') return;
    const allow = this.allowOnUnroutedMethod(error, host);
    const body = allow === undefined ? toErrorBody(error) : methodNotAllowed(host, allow);
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
    if (allow !== undefined) response.setHeader('Allow', allow.join(', '));
    if (body.statusCode === 401) {
      const presented = host.switchToHttp().getRequest<Request>().headers.authorization !== undefined;
      response.setHeader('WWW-Authenticate', bearerChallenge(presented));
    }
    response.status(body.statusCode).json(body);
  }

  /** The methods of the path when the router found no route for this method (its 404), else undefined. */
  private allowOnUnroutedMethod(error: unknown, host: ArgumentsHost): string[] | undefined {
    if (this.allowed === undefined || host.getType() !== 'http' || !(error instanceof NotFoundException))
      return;
    const request = host.switchToHttp().getRequest<Request & { route?: unknown }>();
    if (request.route !== undefined) return; // a handler's own 404
    const methods = this.allowed(request.path);
    return methods.length > 0 ? methods : undefined;
  }

  private countDependencyError(error: unknown): void {
    if (error instanceof DependencyUnavailableError) {
      if (error.dependency === 'redis') this.metrics?.redisError();
      else this.metrics?.postgresError();
    } else if (isRedisUnavailable(error)) this.metrics?.redisError();
  }
}

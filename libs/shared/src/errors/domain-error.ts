/** What went wrong, in terms the domain knows; `DomainErrorFilter` alone maps a kind to an HTTP status. */
export type DomainErrorKind = 'invalid' | 'unauthorized' | 'not_found' | 'rate_limited' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The same answer for "no such session" and "wrong access token", so a token cannot be probed. */
export class UnauthorizedError extends DomainError {
  constructor(message = 'Missing or invalid access token for this session') {
    super('unauthorized', message);
  }
}

export class InvalidRequestError extends DomainError {
  constructor(message: string) {
    super('invalid', message);
  }
}

export type Dependency = 'redis' | 'postgres';

export class DependencyUnavailableError extends DomainError {
  constructor(
    readonly dependency: Dependency,
    cause?: unknown,
  ) {
    super(
      'unavailable',
      `${dependency === 'redis' ? 'Redis' : 'Postgres'} is unavailable; try again shortly`,
    );
    this.cause = cause;
  }
}

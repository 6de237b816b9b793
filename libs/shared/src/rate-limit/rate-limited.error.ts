import { DomainError } from '../errors/domain-error';

/** Over an abuse limit; `DomainErrorFilter` answers 429 with `Retry-After: retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many requests; retry in ${retryAfterSeconds} s`,
  ) {
    super('rate_limited', message);
  }
}

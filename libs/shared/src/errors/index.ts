export {
  DependencyUnavailableError,
  DomainError,
  InvalidRequestError,
  UnauthorizedError,
} from './domain-error';
export type { Dependency, DomainErrorKind } from './domain-error';
export { rawErrorResponse } from './error-body';
export type { ErrorBody } from './error-body';
export { BEARER_REALM, bearerChallenge } from './bearer-challenge';
export { errorText, isErrorLike } from './is-error-like';

import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Session } from '../session';
import {
  AuthenticatedRequest,
  foundSessionOf,
  SESSION_TOKEN_SOURCE,
  SessionGuard,
  sessionOf,
  SessionTokenSource,
} from './session-guard';

/**
 * The route acts as a session: the one named by the BLE token in `source`, authenticated by
 * `Authorization: Bearer <access_token>` (401 otherwise).
 */
export const AuthenticatedSession = (source: SessionTokenSource): MethodDecorator =>
  applyDecorators(
    SetMetadata(SESSION_TOKEN_SOURCE, source),
    UseGuards(SessionGuard),
    ApiBearerAuth('session'),
  );

/** The session an `@AuthenticatedSession` route acts as. */
export const CurrentSession = createParamDecorator((_: unknown, context: ExecutionContext): Session => {
  const session = sessionOf(context.switchToHttp().getRequest<AuthenticatedRequest>());
  // Only reachable by a route that forgot @AuthenticatedSession: a bug, not a client error.
  if (session === undefined)
    throw new Error('@CurrentSession() used on a route without @AuthenticatedSession');
  return session;
});

/**
 * The session of `@AuthenticatedSession({ alsoFind })`'s field, looked up with the
 * authentication: `{ session }`, `session` undefined when the token names no live session.
 */
export const FoundSession = createParamDecorator(
  (_: unknown, context: ExecutionContext): { session?: Session } => {
    const found = foundSessionOf(context.switchToHttp().getRequest<AuthenticatedRequest>());
    if (found === undefined)
      throw new Error('@FoundSession() used on a route without @AuthenticatedSession({ alsoFind })');
    return found;
  },
);

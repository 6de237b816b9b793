import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { bearerToken, validateRouteInput } from '@sighej/shared';
import type { Request } from 'express';
import type { Session } from '../session';
import { SessionAuthenticator } from './session-authenticator';

/** Where a route finds the BLE token of the session acting: a body field or a path parameter. */
export interface SessionTokenSource {
  in: 'body' | 'params';
  field: string;
  /**
   * Another BLE token field of the same input whose session the handler needs (`/match`'s
   * detected token): looked up together with the authentication, in the same Redis round
   * trip, and handed over by `@FoundSession()`.
   */
  alsoFind?: string;
}

export const SESSION_TOKEN_SOURCE = 'sighej:session-token-source';
const SESSION = Symbol('session');
const FOUND = Symbol('foundSession');

export type AuthenticatedRequest = Request & { [SESSION]?: Session; [FOUND]?: { session?: Session } };

/** The session `SessionGuard` authenticated for this request. */
export function sessionOf(request: AuthenticatedRequest): Session | undefined {
  return request[SESSION];
}

/** What the guard found for `alsoFind` (`session` undefined: no live session), if it looked. */
export function foundSessionOf(request: AuthenticatedRequest): { session?: Session } | undefined {
  return request[FOUND];
}

/**
 * Authenticates the session acting on a route (`@AuthenticatedSession(...)`) before the
 * handler runs: the handler receives a `Session` through `@CurrentSession()`, never a raw
 * token. The route's input is validated first, so a malformed request is a 400 whatever its
 * credentials, exactly as on every other route.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: SessionAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const source = this.reflector.get<SessionTokenSource>(SESSION_TOKEN_SOURCE, context.getHandler());
    await validateRouteInput(context);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const holder = (source.in === 'body' ? request.body : request.params) as Record<string, unknown>;
    const [session, found] = await Promise.all([
      this.authenticator.authenticate(holder[source.field], bearerToken(request.headers.authorization)),
      source.alsoFind === undefined ? undefined : this.authenticator.find(holder[source.alsoFind]),
    ]);
    request[SESSION] = session;
    if (found !== undefined) request[FOUND] = found;
    return true;
  }
}

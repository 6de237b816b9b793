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
}

export const SESSION_TOKEN_SOURCE = 'sighej:session-token-source';
const SESSION = Symbol('session');

export type AuthenticatedRequest = Request & { [SESSION]?: Session };

/** The session `SessionGuard` authenticated for this request. */
export function sessionOf(request: AuthenticatedRequest): Session | undefined {
  return request[SESSION];
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
    request[SESSION] = await this.authenticator.authenticate(
      holder[source.field],
      bearerToken(request.headers.authorization),
    );
    return true;
  }
}

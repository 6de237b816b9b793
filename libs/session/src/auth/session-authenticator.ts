import { Injectable } from '@nestjs/common';
import { UnauthorizedError } from '@sighej/shared';
import { accessTokenMatches } from '../access-token';
import { isBleToken } from '../ble-token';
import type { Session } from '../session';
import { SessionStore } from '../store/session-store';

/**
 * Who is calling: the live session named by a BLE token, if the caller holds its access
 * token. The one place that decides it, for REST (`SessionGuard`) and the WebSocket upgrade.
 * Every failure is the same 401, so nobody can probe which tokens are live.
 */
@Injectable()
export class SessionAuthenticator {
  constructor(private readonly store: SessionStore) {}

  async authenticate(bleToken: unknown, accessToken: string | undefined): Promise<Session> {
    // A value that cannot name a session gets the same 401, without a lookup.
    if (!isBleToken(bleToken) || accessToken === undefined) throw new UnauthorizedError();
    const session = await this.store.find(bleToken);
    // The hash is checked even without a session: a 401 takes the same work either way.
    if (!accessTokenMatches(accessToken, session?.accessHash) || session === undefined)
      throw new UnauthorizedError();
    return session;
  }

  /**
   * The live session a BLE token names, for a handler that needs another session than the
   * caller's (validated input, so the token is well-formed); `session` undefined when none.
   */
  async find(bleToken: unknown): Promise<{ session?: Session }> {
    if (!isBleToken(bleToken)) return {};
    return { session: await this.store.find(bleToken) };
  }
}

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Env } from '../config';
import { UnauthorizedError } from '../errors';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Admin endpoints (`/stats`, `/metrics`): `Authorization: Bearer <ADMIN_API_KEY>`. Keys are
 * compared as SHA-256 digests in constant time, so neither the content nor the length of the
 * key leaks through timing. With no key configured every request is refused.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(env: Env) {
    this.expected = env.ADMIN_API_KEY === undefined ? undefined : digest(env.ADMIN_API_KEY);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined)
      throw new UnauthorizedError(
        'Stats and other admin endpoints are disabled because ADMIN_API_KEY is not configured',
      );
    const header = context.switchToHttp().getRequest<IncomingMessage>().headers.authorization;
    const presented = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    if (presented === undefined || !timingSafeEqual(digest(presented), this.expected))
      throw new UnauthorizedError('Missing or invalid admin API key');
    return true;
  }
}

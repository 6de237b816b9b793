import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Env } from '../config';
import { UnauthorizedError } from '../errors';
import { AdminAuthLimiter } from '../rate-limit/admin-auth-limiter';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Admin endpoints (`/stats`): `Authorization: Bearer <ADMIN_API_KEY>`. Keys are compared as
 * SHA-256 digests in constant time, so neither the content nor the length of the key leaks
 * through timing. With no key configured every request is refused. Failed attempts count
 * towards the per-IP admin-failure limit (429 once over it).
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(
    env: Env,
    private readonly limiter: AdminAuthLimiter,
  ) {
    this.expected = env.ADMIN_API_KEY === undefined ? undefined : digest(env.ADMIN_API_KEY);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.expected === undefined)
      throw new UnauthorizedError(
        'Stats and other admin endpoints are disabled because ADMIN_API_KEY is not configured',
      );
    const request = context.switchToHttp().getRequest<Request>();
    const clientIp = request.ip ?? '';
    await this.limiter.assertAllowed(clientIp);
    const header = request.headers.authorization;
    const presented = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    if (presented !== undefined && timingSafeEqual(digest(presented), this.expected)) return true;
    throw await this.limiter.failed(clientIp, new UnauthorizedError('Missing or invalid admin API key'));
  }
}

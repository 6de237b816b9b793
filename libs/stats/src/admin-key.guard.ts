import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AdminAuthLimiter, BearerSecrets, Env, UnauthorizedError } from '@sighej/shared';
import type { Request } from 'express';

/**
 * Admin endpoints (`/stats`): `Authorization: Bearer <ADMIN_API_KEY>`, compared in constant
 * time. With no key configured every request is refused. Only failed attempts
 * count towards (and are refused by) the per-IP admin-failure limit: the right key always passes.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly secrets: BearerSecrets;

  constructor(
    env: Env,
    private readonly limiter: AdminAuthLimiter,
  ) {
    this.secrets = new BearerSecrets([env.ADMIN_API_KEY]);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.secrets.configured)
      throw new UnauthorizedError(
        'Stats and other admin endpoints are disabled because ADMIN_API_KEY is not configured',
      );
    const request = context.switchToHttp().getRequest<Request>();
    const clientIp = request.ip ?? '';
    if (this.secrets.matches(request.headers.authorization)) return true;
    throw await this.limiter.refusal(clientIp, new UnauthorizedError('Missing or invalid admin API key'));
  }
}

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AdminAuthLimiter, BearerSecrets, Env, UnauthorizedError } from '@sighej/shared';
import type { Request } from 'express';

/**
 * `GET /metrics` needs `Authorization: Bearer <METRICS_TOKEN or ADMIN_API_KEY>`, compared in
 * constant time. With neither configured, every request is refused. Only failed attempts
 * count towards (and are refused by) the per-IP admin-failure limit: a valid token always passes.
 */
@Injectable()
export class MetricsGuard implements CanActivate {
  private readonly secrets: BearerSecrets;

  constructor(
    env: Env,
    private readonly limiter: AdminAuthLimiter,
  ) {
    this.secrets = new BearerSecrets([env.METRICS_TOKEN, env.ADMIN_API_KEY]);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const clientIp = request.ip ?? '';
    if (this.secrets.matches(request.headers.authorization)) return true;
    throw await this.limiter.refusal(clientIp, this.refusal());
  }

  private refusal(): UnauthorizedError {
    return new UnauthorizedError(
      !this.secrets.configured
        ? 'Metrics are disabled: set METRICS_TOKEN or ADMIN_API_KEY'
        : 'Missing or invalid metrics token',
    );
  }
}

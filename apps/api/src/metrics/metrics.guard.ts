import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AdminAuthLimiter, Env, UnauthorizedError } from '@sighej/shared';
import { bearerToken } from '@sighej/session';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/**
 * `GET /metrics` needs `Authorization: Bearer <METRICS_TOKEN or ADMIN_API_KEY>`. Secrets are
 * compared as SHA-256 digests in constant time (equal lengths, no early exit), against every
 * configured secret. With neither configured, every request is refused. Failed attempts count
 * towards the per-IP admin-failure limit.
 */
@Injectable()
export class MetricsGuard implements CanActivate {
  private readonly secrets: Buffer[];

  constructor(
    env: Env,
    private readonly limiter: AdminAuthLimiter,
  ) {
    this.secrets = [env.METRICS_TOKEN, env.ADMIN_API_KEY]
      .filter((secret): secret is string => secret !== undefined)
      .map(digest);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const clientIp = request.ip ?? '';
    await this.limiter.assertAllowed(clientIp);
    if (this.matches(bearerToken(request.headers.authorization))) return true;
    throw await this.limiter.failed(clientIp, this.refusal());
  }

  private matches(presented: string | undefined): boolean {
    if (presented === undefined || this.secrets.length === 0) return false;
    const candidate = digest(presented);
    let matched = false;
    for (const secret of this.secrets) matched = timingSafeEqual(candidate, secret) || matched;
    return matched;
  }

  private refusal(): UnauthorizedError {
    return new UnauthorizedError(
      this.secrets.length === 0
        ? 'Metrics are disabled: set METRICS_TOKEN or ADMIN_API_KEY'
        : 'Missing or invalid metrics token',
    );
  }
}

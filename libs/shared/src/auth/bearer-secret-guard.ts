import { CanActivate, ExecutionContext, Injectable, Type } from '@nestjs/common';
import type { Request } from 'express';
import { CoreSettings } from '../config/core.settings';
import { UnauthorizedError } from '../errors';
import { AdminAuthLimiter } from '../rate-limit/admin-auth-limiter';
import { BearerSecrets } from './bearer-secrets';

/** Which configured secrets open a door, and what a refused caller is told. */
export interface BearerDoor {
  secrets(settings: CoreSettings): readonly (string | undefined)[];
  /** Said when none of the secrets is configured: the door is closed to everyone. */
  disabled: string;
  /** Said for a missing or wrong token. */
  invalid: string;
}

/**
 * A guard for `Authorization: Bearer <secret>`, compared in constant time. With no secret
 * configured every request is refused. Only failed attempts at a configured door count
 * towards (and are refused by) the per-IP admin-failure limit: a valid secret always passes.
 */
export function bearerSecretGuard(door: BearerDoor): Type<CanActivate> {
  @Injectable()
  class BearerSecretGuard implements CanActivate {
    private readonly secrets: BearerSecrets;

    constructor(
      settings: CoreSettings,
      private readonly limiter: AdminAuthLimiter,
    ) {
      this.secrets = new BearerSecrets(door.secrets(settings));
    }

    async canActivate(context: ExecutionContext): Promise<boolean> {
      if (!this.secrets.configured) throw new UnauthorizedError(door.disabled);
      const request = context.switchToHttp().getRequest<Request>();
      if (this.secrets.matches(request.headers.authorization)) return true;
      throw await this.limiter.refusal(request.ip ?? '', new UnauthorizedError(door.invalid));
    }
  }
  return BearerSecretGuard;
}

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { bearerToken } from '@sighej/shared';

/** The bearer token of the request, or undefined; the service decides what it is worth. */
export const AccessToken = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined =>
  bearerToken(context.switchToHttp().getRequest<Request>().headers.authorization),
);

import type { ArgumentMetadata, ExecutionContext, Paramtype, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { DepthLimitedValidationPipe } from './depth-limited-validation.pipe';

const SOURCES: Partial<Record<RouteParamtypes, ['body' | 'params', Paramtype]>> = {
  [RouteParamtypes.BODY]: ['body', 'body'],
  [RouteParamtypes.PARAM]: ['params', 'param'],
};

interface RouteArgument {
  index: number;
  data?: unknown;
}

const pipe = new DepthLimitedValidationPipe();

/**
 * Validates the whole-object DTO arguments of the route about to run (`@Body() dto`,
 * `@Param() dto`) exactly as the global pipe would, and puts the transformed
 * values back on the request, where the global pipe finds them already validated. For
 * guards that must answer a malformed request 400 before they answer 401, as the route would.
 */
export async function validateRouteInput(context: ExecutionContext): Promise<void> {
  const controller = context.getClass();
  const handler = context.getHandler();
  const argumentsByKey = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {}) as Record<
    string,
    RouteArgument
  >;
  const prototype = controller.prototype as object;
  const types = (Reflect.getMetadata('design:paramtypes', prototype, handler.name) ?? []) as Type[];
  const request = context.switchToHttp().getRequest<Request>();
  for (const [key, { index, data }] of Object.entries(argumentsByKey)) {
    const source = SOURCES[Number(key.split(':')[0]) as RouteParamtypes];
    if (source === undefined || data !== undefined) continue;
    const metadata: ArgumentMetadata = { type: source[1], metatype: types[index], data: undefined };
    const input: unknown = source[0] === 'body' ? request.body : request.params;
    const transformed = await pipe.transform(input, metadata);
    if (source[0] === 'body') request.body = transformed;
    else request.params = transformed as Request['params'];
  }
}

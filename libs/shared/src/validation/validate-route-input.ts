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

/** One whole-object DTO argument of a route: where it comes from and how the pipe sees it. */
interface RouteInput {
  source: 'body' | 'params';
  metadata: ArgumentMetadata;
}

/** The DTO arguments of each handler, read from its decorators once. */
const INPUTS = new WeakMap<Type, WeakMap<object, readonly RouteInput[]>>();

function routeInputs(controller: Type, handler: { readonly name: string }): readonly RouteInput[] {
  let byHandler = INPUTS.get(controller);
  if (byHandler === undefined) INPUTS.set(controller, (byHandler = new WeakMap()));
  let inputs = byHandler.get(handler);
  if (inputs === undefined) byHandler.set(handler, (inputs = readRouteInputs(controller, handler.name)));
  return inputs;
}

function readRouteInputs(controller: Type, name: string): RouteInput[] {
  const argumentsByKey = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
    string,
    RouteArgument
  >;
  const prototype = controller.prototype as object;
  const types = (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as Type[];
  const inputs: RouteInput[] = [];
  for (const [key, { index, data }] of Object.entries(argumentsByKey)) {
    const source = SOURCES[Number(key.split(':')[0]) as RouteParamtypes];
    if (source === undefined || data !== undefined) continue;
    inputs.push({
      source: source[0],
      metadata: { type: source[1], metatype: types[index], data: undefined },
    });
  }
  return inputs;
}

/**
 * Validates the whole-object DTO arguments of the route about to run (`@Body() dto`,
 * `@Param() dto`) exactly as the global pipe would, and puts the transformed
 * values back on the request, where the global pipe finds them already validated. For
 * guards that must answer a malformed request 400 before they answer 401, as the route would.
 */
export async function validateRouteInput(context: ExecutionContext): Promise<void> {
  const request = context.switchToHttp().getRequest<Request>();
  for (const { source, metadata } of routeInputs(context.getClass(), context.getHandler())) {
    const transformed = await pipe.transform(source === 'body' ? request.body : request.params, metadata);
    if (source === 'body') request.body = transformed;
    else request.params = transformed as Request['params'];
  }
}

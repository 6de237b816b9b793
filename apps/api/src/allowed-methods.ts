import { INestApplication } from '@nestjs/common';

/** The part of an Express 5 router layer this reads (router 2.x). */
interface RouteLayer {
  match(path: string): boolean;
  route?: { _methods(): string[] };
}

export type AllowedMethods = (path: string) => string[];

/**
 * The methods the app's routes answer for `path` (GET includes HEAD), read from the Express
 * router: the service's own route table, so a 405's `Allow` cannot drift from the controllers.
 * Only consulted for a request no route took, never on a path that found its route.
 */
export function allowedMethods(app: INestApplication): AllowedMethods {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: RouteLayer[] } };
  return (path) => {
    const methods = new Set<string>();
    for (const layer of express.router.stack)
      if (layer.route !== undefined && layer.match(path))
        for (const method of layer.route._methods()) methods.add(method);
    return [...methods].sort();
  };
}

// Pieces of a build of the service (COSTS_DIST, default dist), loaded from its files so the
// in-process cost tools can measure any build, an older one included.
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** The parts of the build the cost tools use, as far as they use them. */
export interface Built {
  securityHeaders: () => Middleware;
  RequestLog: new (logger: Logger) => { middleware(): Middleware };
  DepthLimitedValidationPipe: new () => {
    transform(value: unknown, meta: { type: 'body'; metatype: unknown }): Promise<unknown>;
  };
  unsafeInput: (body: unknown) => unknown;
  MatchRequestDto: new () => object;
  CreateSessionDto: new () => object;
  MatchController: { prototype: { match: unknown } };
  validateRouteInput: (context: unknown) => unknown;
}

const WHERE: Record<keyof Built, string> = {
  securityHeaders: 'apps/api/apps/api/src/http/security-headers.js',
  RequestLog: 'apps/api/apps/api/src/http/request-log.js',
  DepthLimitedValidationPipe: 'apps/api/libs/shared/src/validation/depth-limited-validation.pipe.js',
  unsafeInput: 'apps/api/libs/shared/src/validation/unsafe-input.js',
  MatchRequestDto: 'apps/api/libs/match/src/dto/match-request.dto.js',
  CreateSessionDto: 'apps/api/libs/session/src/dto/create-session.dto.js',
  MatchController: 'apps/api/libs/match/src/match.controller.js',
  validateRouteInput: 'apps/api/libs/shared/src/validation/validate-route-input.js',
};

/** The repository (this file runs from dist/bench/tools/bench/lib/). */
const ROOT = resolve(__dirname, '../../../../..');
const load = createRequire(join(ROOT, 'package.json'));
const BUILD = resolve(ROOT, process.env.COSTS_DIST ?? 'dist');

export function fromBuild<K extends keyof Built>(name: K): Built[K] {
  const exported = load(join(BUILD, WHERE[name])) as Record<string, unknown>;
  return exported[name] as Built[K];
}

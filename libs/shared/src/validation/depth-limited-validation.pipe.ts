import { ArgumentMetadata, BadRequestException, Injectable, ValidationPipe } from '@nestjs/common';
import { unsafeInput } from './unsafe-input';
import { validInputShortcut } from './valid-input-shortcut';

const MAX_DEPTH = 16;

/** Input already validated and transformed earlier in the same request (by SessionGuard). */
const VALIDATED = new WeakSet<object>();

/** True when `value` nests objects/arrays deeper than `limit` (iterative: hostile input cannot blow the stack). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth += 1) {
    if (depth > limit) return true;
    const next: unknown[] = [];
    for (const item of level)
      if (item !== null && typeof item === 'object') next.push(...(Object.values(item) as unknown[]));
    level = next;
  }
  return false;
}

/**
 * The service's one validation pipe (global, and reused by guards that must validate input
 * before they look at it), refusing absurdly nested input first: class-transformer walks
 * bodies recursively, and a 5,000-level array would otherwise overflow the stack (a 500).
 * Prototype-named fields and lone surrogates are refused next (see unsafe-input.ts).
 */
@Injectable()
export class DepthLimitedValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      stopAtFirstError: false,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Pipes see only the request: a custom parameter (the authenticated or found session) is the
    // service's own value, and walking it would cost more for a larger session than for none.
    if (metadata.type === 'custom') return value;
    // A request without a body is an empty object: a route that takes none (rotate) accepts
    // it, every other names its missing fields.
    if (metadata.type === 'body' && value === undefined) value = {};
    if (value !== null && typeof value === 'object' && VALIDATED.has(value)) return value;
    const recognised = validInputShortcut(metadata.metatype, value);
    if (recognised !== undefined) return remember(recognised);
    if (nestedDeeperThan(value, MAX_DEPTH)) {
      throw new BadRequestException(
        `Request ${metadata.type} is nested too deeply (at most ${MAX_DEPTH} levels)`,
      );
    }
    const unsafe = unsafeInput(value);
    if (unsafe !== undefined) throw new BadRequestException([unsafe]);
    return remember((await super.transform(value, metadata)) as unknown);
  }
}

function remember(transformed: unknown): unknown {
  if (transformed !== null && typeof transformed === 'object') VALIDATED.add(transformed);
  return transformed;
}

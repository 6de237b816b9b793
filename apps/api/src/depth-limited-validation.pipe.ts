import { ArgumentMetadata, BadRequestException, Injectable, ValidationPipe } from '@nestjs/common';
import { unsafeInput } from './unsafe-input';

const MAX_DEPTH = 16;

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
 * The global ValidationPipe, refusing absurdly nested input first: class-transformer walks
 * bodies recursively, and a 5,000-level array would otherwise overflow the stack (a 500).
 * Prototype-named fields and lone surrogates are refused next (see unsafe-input.ts).
 */
@Injectable()
export class DepthLimitedValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestedDeeperThan(value, MAX_DEPTH)) {
      throw new BadRequestException(
        `Request ${metadata.type} is nested too deeply (at most ${MAX_DEPTH} levels)`,
      );
    }
    const unsafe = unsafeInput(value);
    if (unsafe !== undefined) throw new BadRequestException([unsafe]);
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

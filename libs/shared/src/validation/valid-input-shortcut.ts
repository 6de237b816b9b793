import type { Type } from '@nestjs/common';

/**
 * A hand-written test that recognises the common, fully valid input of one DTO and builds the
 * DTO from it, or answers undefined for anything else. It never refuses: every input it does
 * not recognise takes the full validation, which alone words the 400s.
 */
export type ValidInputShortcut<T extends object> = (value: unknown) => T | undefined;

const SHORTCUTS = new Map<Type, ValidInputShortcut<object>>();

/**
 * Registers `shortcut` for `metatype`, for DTOs on the hot path, where class-transformer and
 * class-validator per request cost more than the rest of the route's own work. A shortcut
 * must accept only input the DTO's decorators accept, and build the same instance
 * class-transformer would: tested side by side with the full validation.
 */
export function shortcutValidInput<T extends object>(
  metatype: Type<T>,
  shortcut: ValidInputShortcut<T>,
): void {
  SHORTCUTS.set(metatype, shortcut);
}

/** The DTO `shortcut` builds from `value`, or undefined when it must be validated in full. */
export function validInputShortcut(metatype: Type | undefined, value: unknown): object | undefined {
  return metatype === undefined ? undefined : SHORTCUTS.get(metatype)?.(value);
}

/** A JSON object (what the body parser gives) with exactly `keys` as its own enumerable fields. */
export function hasExactlyKeys(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
    return false;
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key) || !keys.includes(key)) return false;
    count += 1;
  }
  return count === keys.length;
}

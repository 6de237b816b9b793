import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

interface IntRange {
  min?: number;
  max?: number;
  /** Unset is allowed (the field then stays `undefined`). */
  optional?: boolean;
}

function all(decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };
}

/** A whole-number setting read from its environment variable, within `min`..`max`. */
export function IntSetting({ min, max, optional = false }: IntRange = {}): PropertyDecorator {
  return all([
    ...(optional ? [IsOptional()] : []),
    Transform(toInt),
    IsInt(),
    ...(min === undefined ? [] : [Min(min)]),
    ...(max === undefined ? [] : [Max(max)]),
  ]);
}

/** A `true`/`false` (or `1`/`0`) setting read from its environment variable. */
export function BoolSetting({ optional = false }: { optional?: boolean } = {}): PropertyDecorator {
  return all([...(optional ? [IsOptional()] : []), Transform(toBool), IsBoolean()]);
}

const secretsOf = new WeakMap<object, Set<string>>();

/** A setting whose value a configuration error never shows (a key, a token, a URL that may carry a password). */
export function Secret(): PropertyDecorator {
  return (target, property) => {
    const names = secretsOf.get(target.constructor) ?? new Set<string>();
    names.add(String(property));
    secretsOf.set(target.constructor, names);
  };
}

/** Whether `name` is marked `@Secret()` on the settings class `slice`. */
export function isSecretSetting(slice: object, name: string): boolean {
  return secretsOf.get(slice)?.has(name) ?? false;
}

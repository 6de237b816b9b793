import { FieldSpec, FieldTable, WireType } from './wire-fields';

function hasType(value: unknown, type: WireType): boolean {
  if (type === 'string[]') return Array.isArray(value) && value.every((item) => typeof item === 'string');
  return typeof value === type;
}

/**
 * Checks an untrusted value against a field table: every required field present with its type
 * and allowed values. Unknown fields are tolerated, so a newer server can add fields.
 */
export function decode<T>(value: unknown, fields: FieldTable<T>): T | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  for (const [name, spec] of Object.entries<FieldSpec>(fields)) {
    const field = record[name];
    if (field === undefined) {
      if (spec.required) return undefined;
      continue;
    }
    if (!hasType(field, spec.type)) return undefined;
    if (spec.values !== undefined && !spec.values.includes(field as string)) return undefined;
  }
  return value as T;
}

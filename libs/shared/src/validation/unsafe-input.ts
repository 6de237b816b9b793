/**
 * Keys that name the prototype chain. JSON.parse keeps them as plain own fields, and
 * class-transformer's whitelist drops them without a word, so they are refused by name, like
 * any other field the DTO does not declare.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// With the `u` flag a surrogate range matches only unpaired halves: valid pairs are one code point.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Why `value` (a parsed body, query or path parameter) cannot be accepted, or undefined. A lone
 * surrogate cannot be normalised or hashed faithfully: every one would turn into U+FFFD and
 * collide. Iterative, so a deep value cannot overflow the stack.
 */
export function unsafeInput(value: unknown): string | undefined {
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (typeof item.value === 'string') {
      if (LONE_SURROGATE.test(item.value))
        return `${item.path || 'value'} contains a lone UTF-16 surrogate, which is not valid Unicode`;
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    for (const [key, child] of Object.entries(item.value)) {
      if (PROTOTYPE_KEYS.has(key)) return `property ${key} should not exist`;
      if (LONE_SURROGATE.test(key))
        return `a property name contains a lone UTF-16 surrogate, which is not valid Unicode`;
      const path = Array.isArray(item.value)
        ? `${item.path}[${key}]`
        : item.path
          ? `${item.path}.${key}`
          : key;
      pending.push({ value: child, path });
    }
  }
  return undefined;
}

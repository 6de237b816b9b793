/**
 * The deployment's part of Redis: every key and channel starts with REDIS_KEY_PREFIX, so
 * several deployments (or test runs) can share a server. Each lib names its own keys on it;
 * keys with one hash tag (`{tag}`) share a Redis Cluster slot, so a script may touch them together.
 */
export class Keyspace {
  constructor(readonly prefix: string) {}

  key(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** `name` in the hash-tag group `tag`. */
  tagged(tag: string, name: string): string {
    return `${this.prefix}{${tag}}:${name}`;
  }

  /** The tag of a `tagged(tag, name)` key or channel, or undefined when it is not one. */
  tagOf(key: string, name: string): string | undefined {
    const start = `${this.prefix}{`;
    const end = `}:${name}`;
    return key.startsWith(start) && key.endsWith(end) && key.length > start.length + end.length
      ? key.slice(start.length, -end.length)
      : undefined;
  }
}

/** Two names in a fixed order, so a key of an unordered pair is the same from either side. */
export function ordered(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

import type Redis from 'ioredis';

/**
 * Registers a Lua script as a command on the shared client (once, however many adapters use
 * it): ioredis then runs it with EVALSHA and falls back to EVAL, so the text travels once.
 */
export function defineScript<Command extends string>(
  redis: Redis,
  name: Command,
  numberOfKeys: number,
  lua: string,
): void {
  if (!(name in redis)) redis.defineCommand(name, { numberOfKeys, lua });
}

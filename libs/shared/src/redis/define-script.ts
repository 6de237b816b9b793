import type { RedisCommands } from './redis-commands';

/** The Lua text each command name stands for, per client. */
const defined = new WeakMap<RedisCommands, Map<string, string>>();

/** Two scripts registered under one command name: the second would silently run the first. */
export class ScriptNameTakenError extends Error {
  constructor(name: string) {
    super(`A different Lua script is already defined as the Redis command ${name}`);
    this.name = 'ScriptNameTakenError';
  }
}

/**
 * Registers a Lua script as a command on the shared client (once, however many adapters use
 * it): ioredis then runs it with EVALSHA and falls back to EVAL, so the text travels once.
 * Refuses a second, different script under a name already taken.
 */
export function defineScript<Command extends string>(
  redis: RedisCommands,
  name: Command,
  numberOfKeys: number,
  lua: string,
): void {
  const scripts = defined.get(redis) ?? new Map<string, string>();
  defined.set(redis, scripts);
  const known = scripts.get(name);
  if (known === lua) return;
  if (known !== undefined || name in redis) throw new ScriptNameTakenError(name);
  scripts.set(name, lua);
  redis.defineCommand(name, { numberOfKeys, lua });
}

import Redis, { Cluster } from 'ioredis';

/**
 * The commands the product sends, each one a Cluster serves as well as a single server (for
 * keys of one slot), plus what scripts, pipelines and connection state need. A command missing
 * here does not compile in an adapter: before adding one, make sure a Cluster takes it.
 */
type Command =
  | 'get'
  | 'set'
  | 'del'
  | 'pttl'
  | 'hset'
  | 'hgetall'
  | 'hdel'
  | 'zadd'
  | 'zrem'
  | 'zcount'
  | 'xgroup'
  | 'xreadgroup'
  | 'xautoclaim'
  | 'spublish'
  | 'call'
  | 'pipeline'
  | 'multi'
  | 'defineCommand'
  | 'quit'
  | 'disconnect';

/**
 * What the Redis adapters are given: the narrow interface both a single server (or Sentinel
 * master) and a Cluster satisfy. Also the DI token (Nest needs a class; the interface of the
 * same name gives it its members), provided by `RedisModule` with the client `REDIS_URL` asks for.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the DI token and its type share one name
export abstract class RedisCommands {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- as above
export interface RedisCommands extends Pick<Redis, Command> {
  readonly status: string;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * The connections to every master, for the few commands that answer per node (SHARDNUMSUB):
 * a Cluster's masters of its slot map, or the one server itself.
 */
export function mastersOf(commands: RedisCommands): Redis[] {
  return commands instanceof Cluster ? commands.nodes('master') : [commands as Redis];
}

// Both kinds of client satisfy the interface; the compiler checks it here.
export const serverCommands = (server: Redis): RedisCommands => server;
export const clusterCommands = (cluster: Cluster): RedisCommands => cluster;

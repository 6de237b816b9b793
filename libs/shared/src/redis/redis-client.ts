import { Logger } from '@nestjs/common';
import Redis, { Cluster, RedisOptions } from 'ioredis';
import { ChannelSubscriber } from './channel-subscriber';
import { parseRedisUrl, RedisTarget } from './redis-target';
import { COMMAND_TIMEOUT_MS } from './redis-unavailable';
import { ClusterTopology, SingleNodeTopology } from './subscriber-topology';

/** What `createRedisClient` builds: one connection (server or Sentinel master) or a Cluster. */
export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  /** Shows up in `CLIENT LIST`. */
  name: string;
  /** A subscriber: queues (S)SUBSCRIBE while reconnecting; on a Cluster, sharded subscribers. */
  subscriber?: boolean;
  /** Queue commands while disconnected instead of failing fast (test tooling only). */
  offlineQueue?: boolean;
}

// After a failover the old primary answers writes with READONLY (Sentinel, or a node that
// was demoted by REPLICAOF). Reconnecting finds the new primary through the Sentinel (or the
// slot map); the failed command is rejected (503), not resent.
const reconnectOnError = (error: Error): 1 | false => (error.message.startsWith('READONLY') ? 1 : false);

/**
 * Builds the client `REDIS_URL` asks for, through ioredis's own Cluster and Sentinel support.
 * Every form fails fast while disconnected instead of queueing requests until memory runs out:
 * callers see a 503 within `commandTimeout` and the client reconnects on its own.
 */
export function createRedisClient(url: string, options: RedisClientOptions): RedisClient {
  const target = parseRedisUrl(url);
  const queue = options.offlineQueue === true || options.subscriber === true;
  const client = target.kind === 'cluster' ? cluster(target, options, queue) : server(target, options, queue);
  logErrors(client, options.name);
  // ioredis 6.0 keeps the failover detector's Sentinel connections open after quit();
  // disconnect() of the connector closes them.
  if (target.kind === 'sentinel') client.once('end', () => client.disconnect());
  return client;
}

/**
 * The service's sharded subscriptions: on a Cluster one connection per master, placed by the
 * command client's slot map (`commands`); otherwise one connection like `commands`' own.
 */
export function createChannelSubscriber(url: string, commands: RedisClient, name: string): ChannelSubscriber {
  const target = parseRedisUrl(url);
  const topology =
    target.kind === 'cluster' && commands instanceof Cluster
      ? new ClusterTopology(commands, nodeOptions(target, name))
      : new SingleNodeTopology(serverOptions(target as Exclude<RedisTarget, { kind: 'cluster' }>, name));
  return new ChannelSubscriber(topology, name);
}

function nodeOptions(target: RedisTarget, name: string): RedisOptions {
  return {
    connectionName: name,
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(target.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // A server that answers nothing for that long is stalled (SIGSTOP, a hung host): the socket
    // is dropped, and the client reconnects. The commands auto-pipelining holds back meanwhile
    // (it sends one batch per node at a time) are bounded by `redisOperation`'s deadline.
    socketTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    // disconnect() of a connection QUIT already closed (done to close the Sentinel connections
    // ioredis's failover detector keeps) leaves a timer this long: short, so a process or a
    // test run ends soon after its last connection.
    disconnectTimeout: 200,
    reconnectOnError,
  };
}

function serverOptions(target: Exclude<RedisTarget, { kind: 'cluster' }>, name: string): RedisOptions {
  const where: RedisOptions =
    target.kind === 'standalone'
      ? { host: target.endpoint.host, port: target.endpoint.port }
      : {
          sentinels: target.sentinels,
          name: target.masterName,
          ...(target.sentinelUsername === undefined ? {} : { sentinelUsername: target.sentinelUsername }),
          ...(target.sentinelPassword === undefined ? {} : { sentinelPassword: target.sentinelPassword }),
          enableTLSForSentinelMode: target.tls,
          // Reconnect at the Sentinels' +switch-master: without it the client keeps writing
          // to the old primary until Sentinel reconfigures it (up to 10 s), and those writes
          // are lost when it turns into a replica.
          failoverDetector: true,
          sentinelRetryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
        };
  return { ...nodeOptions(target, name), ...where, db: target.db };
}

function server(
  target: Exclude<RedisTarget, { kind: 'cluster' }>,
  options: RedisClientOptions,
  queue: boolean,
): Redis {
  return new Redis({
    ...serverOptions(target, options.name),
    enableOfflineQueue: queue,
    // Concurrent requests share round trips.
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    lazyConnect: true,
  });
}

function cluster(
  target: Extract<RedisTarget, { kind: 'cluster' }>,
  options: RedisClientOptions,
  queue: boolean,
): Cluster {
  return new Cluster(target.nodes, {
    redisOptions: nodeOptions(target, options.name),
    enableOfflineQueue: queue,
    enableAutoPipelining: true,
    clusterRetryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    // SSUBSCRIBE goes to the node that owns the channel's slot (one connection per master).
    shardedSubscribers: options.subscriber === true,
    // A failover moves slots: learn the new map soon, and retry MOVED/CLUSTERDOWN briefly
    // (retries stay well inside the request timeout; after them the caller gets a 503).
    slotsRefreshTimeout: 1000,
    slotsRefreshInterval: 2000,
    retryDelayOnFailover: 200,
    // Each retry (a closed connection to a dead master, MOVED, ASK) counts as a redirection: 6
    // keep a command within ~1.2 s of retries instead of 16 × 200 ms, so the caller's 503
    // comes within the command timeout; a reshard needs at most two per command.
    maxRedirections: 6,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 200,
    lazyConnect: true,
  });
}

function logErrors(client: RedisClient, name: string): void {
  const logger = new Logger('Redis');
  let lastError = '';
  const onError = (error: Error): void => {
    if (error.message !== lastError) logger.warn(`${name}: ${error.message}`);
    lastError = error.message;
  };
  client.on('error', onError);
  client.on('node error', onError);
  client.on('ready', () => {
    if (lastError !== '') logger.log(`${name}: reconnected`);
    lastError = '';
  });
}

import { DynamicModule, Logger, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisConnections } from './redis-connections';
import { RedisKeys } from './redis-keys';
import { RedisSubscriber } from './redis-subscriber';

export function createRedisClient(url: string, name: string): Redis {
  const logger = new Logger('Redis');
  const client = new Redis(url, {
    connectionName: name,
    // Fail fast while disconnected instead of queueing requests until memory runs out:
    // callers see a 503 within commandTimeout and the client reconnects on its own.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1500,
    connectTimeout: 2000,
    // Concurrent requests share round trips; also valid on Redis Cluster.
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    lazyConnect: true,
  });
  let lastError = '';
  client.on('error', (error: Error) => {
    if (error.message !== lastError) logger.warn(`${name}: ${error.message}`);
    lastError = error.message;
  });
  client.on('ready', () => {
    if (lastError !== '') logger.log(`${name}: reconnected`);
    lastError = '';
  });
  return client;
}

const BOOT_WAIT_MS = 3000;

/**
 * Connects without failing the boot: waits up to a few seconds for Redis, then lets the
 * service start anyway; it answers 503 (and /health says Redis) until the client's own
 * retries reach the server.
 */
export async function connectQuietly(client: Redis): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, BOOT_WAIT_MS);
  });
  // The error handler logs failures; retryStrategy keeps trying.
  const connected = client.connect().catch(() => undefined);
  await Promise.race([connected, gaveUp]);
  clearTimeout(timer);
}

/** The command and subscriber connections and the key layout, for the deployment's Redis adapters. */
@Module({})
export class RedisModule {
  static forRoot(url: string, prefix: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: RedisKeys, useValue: new RedisKeys(prefix) },
        {
          provide: Redis,
          useFactory: async (): Promise<Redis> => {
            const client = createRedisClient(url, 'sighej-commands');
            await connectQuietly(client);
            return client;
          },
        },
        {
          provide: RedisSubscriber,
          useFactory: async (): Promise<RedisSubscriber> => {
            const client = createRedisClient(url, 'sighej-subscriber');
            // Subscriptions must survive a blink: queue SUBSCRIBE until reconnected.
            client.options.enableOfflineQueue = true;
            await connectQuietly(client);
            return { client };
          },
        },
        RedisConnections,
      ],
      exports: [Redis, RedisSubscriber, RedisKeys, RedisConnections],
    };
  }
}

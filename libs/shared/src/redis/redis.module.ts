import { DynamicModule, Module } from '@nestjs/common';
import { ChannelSubscriber } from './channel-subscriber';
import { createChannelSubscriber, createRedisClient, RedisClient } from './redis-client';
import { RedisCommands } from './redis-commands';
import { RedisConnections } from './redis-connections';
import { Keyspace } from './keyspace';
import { SecretFingerprint } from './secret-fingerprint';

const BOOT_WAIT_MS = 3000;

/**
 * Connects without failing the boot: waits up to a few seconds for Redis, then lets the
 * service start anyway; it answers 503 (and /health says Redis) until the client's own
 * retries reach the server.
 */
export async function connectQuietly(client: RedisClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, BOOT_WAIT_MS);
  });
  // The error handler logs failures; retryStrategy keeps trying.
  const connected = client.connect().catch(() => undefined);
  await Promise.race([connected, gaveUp]);
  clearTimeout(timer);
}

/** The client `REDIS_URL` asks for: a server (or Sentinel master) or a Cluster; only this module sees its kind. */
const REDIS_CLIENT = 'sighej:redis-client';

/**
 * The command connection (as `RedisCommands`), the subscriber connections and the key layout,
 * for the deployment's Redis adapters, and the fingerprint of LIMIT_KEY_SECRET that keeps the
 * instances on one prefix agreeing.
 */
@Module({})
export class RedisModule {
  static forRoot(url: string, prefix: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: Keyspace, useValue: new Keyspace(prefix) },
        {
          provide: REDIS_CLIENT,
          useFactory: async (): Promise<RedisClient> => {
            const client = createRedisClient(url, { name: 'sighej-commands' });
            await connectQuietly(client);
            return client;
          },
        },
        { provide: RedisCommands, useExisting: REDIS_CLIENT },
        {
          // On a Cluster its connections follow the command client's slot map.
          provide: ChannelSubscriber,
          useFactory: (commands: RedisClient): ChannelSubscriber =>
            createChannelSubscriber(url, commands, 'sighej-subscriber'),
          inject: [REDIS_CLIENT],
        },
        RedisConnections,
        SecretFingerprint,
      ],
      exports: [RedisCommands, ChannelSubscriber, Keyspace, RedisConnections, SecretFingerprint],
    };
  }
}

import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Configuration, CoreSettings } from '@sighej/shared';
import { AppModule } from '../../apps/api/src/app.module';
import { loadAppConfiguration } from '../../apps/api/src/config/app-settings';
import { configureApp } from '../../apps/api/src/configure-app';
import { CHECKED_ORIGINS } from './openapi-contract';
import { JsonReplyExpressAdapter } from '../../apps/api/src/http/json-reply-express-adapter';
import { deleteKeysWithPrefix } from './redis-cleanup';
import { testRedisClient } from './redis-targets';
import { TcpProxy } from './tcp-proxy';
import { freshTestDatabase, TEST_REDIS_URL, uniqueKeyPrefix } from './test-services';

export interface TestApp {
  app: INestApplication;
  env: CoreSettings;
  /** Every lib's settings, e.g. `configuration.get(SessionSettings)`. */
  configuration: Configuration;
  /** http://127.0.0.1:<port> of the listening server. */
  url: string;
  port: number;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Share Redis keys (and Postgres) with another instance: pass its env. */
  sameDeploymentAs?: CoreSettings;
  /** Reach the fresh test database through this proxy (to cut Postgres off mid-test). */
  databaseProxy?: TcpProxy;
  /** Listen on this port (e.g. to restart an instance where its clients reconnect); default: any free one. */
  port?: number;
  /** The Redis deployment (default TEST_REDIS_URL), e.g. a Cluster from redis-targets.ts. */
  redisUrl?: string;
}

/**
 * Boots the whole app on real Redis and Postgres, listening on a free port, with its own
 * Redis key prefix and database unless it joins another instance's deployment.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const shared = options.sameDeploymentAs;
  const wrap = (url: string): string => options.databaseProxy?.wrap(url) ?? url;
  const database = shared === undefined ? await freshTestDatabase() : undefined;
  const configuration = loadAppConfiguration({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: shared?.REDIS_URL ?? options.redisUrl ?? TEST_REDIS_URL,
    REDIS_KEY_PREFIX: shared?.REDIS_KEY_PREFIX ?? uniqueKeyPrefix(),
    DATABASE_URL: shared?.DATABASE_URL ?? wrap(database!.url),
    LIMIT_KEY_SECRET: 'test-limit-key-secret-0123456789',
    ADMIN_API_KEY: 'test-admin-key-0123456789',
    // Abuse limits are off unless a test turns them on (test/rate-limits.e2e-spec.ts does):
    // every test client shares the IP 127.0.0.1.
    RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
    RATE_LIMIT_MATCHES_PER_MINUTE: '0',
    RATE_LIMIT_WS_CONNECTS_PER_MINUTE: '0',
    RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '0',
    RATE_LIMIT_ROTATIONS_PER_HOUR: '0',
    // No shutdown grace: each test closes its apps at once (test/graceful-shutdown.e2e-spec.ts keeps one).
    SHUTDOWN_GRACE_MS: '0',
    ...options.env,
  });
  const env = configuration.core;
  const app = configureApp(
    await NestFactory.create(AppModule.register(configuration), new JsonReplyExpressAdapter(), {
      logger: false,
      bodyParser: false,
    }),
  );
  await app.listen(options.port ?? 0, '127.0.0.1');
  const port = (app.getHttpServer() as { address: () => { port: number } }).address().port;
  CHECKED_ORIGINS.add(`http://127.0.0.1:${port}`);
  return {
    app,
    env,
    configuration,
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      if (shared === undefined) {
        const redis = testRedisClient(options.redisUrl ?? TEST_REDIS_URL);
        await deleteKeysWithPrefix(redis, env.REDIS_KEY_PREFIX);
        await redis.quit();
        await database?.drop();
      }
    },
  };
}

export interface TwoInstances {
  a: TestApp;
  b: TestApp;
  close: () => Promise<void>;
}

/** Two instances of one deployment (one Redis prefix, one database), as behind a load balancer. */
export async function startTwoInstances(options: TestAppOptions = {}): Promise<TwoInstances> {
  const a = await startTestApp(options);
  const b = await startTestApp({ ...options, sameDeploymentAs: a.env });
  return {
    a,
    b,
    close: async () => {
      await b.close();
      await a.close();
    },
  };
}

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DatabaseConnector,
  EmbeddedDataDirInUseError,
  EmbeddedDataLock,
  LimitKeySecretMismatchError,
  InvalidConfigError,
  loadConfig,
} from '@sighej/shared';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { Deployment } from './deployment/deployment';
import { JsonReplyExpressAdapter } from './http/json-reply-express-adapter';

/**
 * Where to look:
 * - configuration: `loadConfig()` (`.env` when present, real environment winning, validated by `Env`);
 * - the deployment (Redis/Postgres or in process): `AppModule.register` → `DeploymentModule`;
 * - who is calling: `SessionGuard` / `SessionAuthenticator` in libs/session (REST and WebSocket);
 * - what SIGTERM does: `ShutdownSequence` (shutdown/shutdown-sequence.ts).
 */
async function bootstrap(): Promise<void> {
  const started = Date.now();
  const warnings: string[] = [];
  const env = await loadConfig(warnings);
  const deployment = Deployment.of(env);
  // Embedded Postgres is one process per data directory: a second one would lose counts.
  const lock =
    deployment.stats.kind === 'embedded' ? EmbeddedDataLock.acquire(deployment.stats.dataDir) : undefined;
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(env),
    new JsonReplyExpressAdapter(),
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  const logger = app.get(Logger);
  // Written at once, before the framework's buffered start-up lines: the first thing an operator reads.
  logger.log(`${deployment.describe()}; starting on port ${env.PORT}`);
  app.useLogger(logger);
  for (const line of warnings) logger.warn(line);
  if (lock !== undefined) app.get(DatabaseConnector).onClosed(() => lock.release());
  configureApp(app);
  await app.listen(env.PORT);
  logger.log(`${deployment.describe()}; listening on port ${env.PORT} (ready in ${Date.now() - started} ms)`);
}

bootstrap().catch((error: unknown) => {
  // One line an operator can act on, not a stack trace.
  if (
    error instanceof InvalidConfigError ||
    error instanceof EmbeddedDataDirInUseError ||
    error instanceof LimitKeySecretMismatchError
  )
    process.stderr.write(`${error.message}\n`);
  else
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exit(1);
});

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EmbeddedDataDirInUseError, LimitKeySecretMismatchError, InvalidConfigError } from '@sighej/shared';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { readAppConfiguration } from './config/app-settings';
import { ServerSettings } from './config/server.settings';
import { configureApp } from './configure-app';
import { Deployment } from './deployment/deployment';
import { JsonReplyExpressAdapter } from './http/json-reply-express-adapter';

/**
 * Where to look:
 * - configuration: `readAppConfiguration()` (`.env` when present, real environment winning, validated by
 *   each lib's settings class, listed in config/app-settings.ts);
 * - the deployment (Redis/Postgres or in process): `AppModule.register` → `DeploymentModule`
 *   (for the embedded database it claims the data directory: a second process stops there);
 * - who is calling: `SessionGuard` / `SessionAuthenticator` in libs/session (REST and WebSocket);
 * - what SIGTERM does: `ShutdownSequence` (shutdown/shutdown-sequence.ts).
 */
async function bootstrap(): Promise<void> {
  const started = Date.now();
  const warnings: string[] = [];
  const configuration = await readAppConfiguration(warnings);
  const { PORT } = configuration.get(ServerSettings);
  const deployment = Deployment.of(configuration.core);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(configuration),
    new JsonReplyExpressAdapter(),
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  const logger = app.get(Logger);
  // Written at once, before the framework's buffered start-up lines: the first thing an operator reads.
  logger.log(`${deployment.describe()}; starting on port ${PORT}`);
  app.useLogger(logger);
  for (const line of warnings) logger.warn(line);
  configureApp(app);
  await app.listen(PORT);
  logger.log(`${deployment.describe()}; listening on port ${PORT} (ready in ${Date.now() - started} ms)`);
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

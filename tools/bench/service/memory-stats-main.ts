// The service with one binding changed, for the stats A/B of `npm run bench` only: the same
// app module, configuration and HTTP setup as apps/api/src/main.ts, with the in-memory stats
// recorder bound in place of the buffered one (which counts for Postgres). The product has no
// switch for this; the bench rebinds the provider from outside.
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { InMemoryStatsRecorder, StatsRecorder } from '@sighej/stats';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../../../apps/api/src/app.module';
import { readAppConfiguration } from '../../../apps/api/src/config/app-settings';
import { ServerSettings } from '../../../apps/api/src/config/server.settings';
import { configureApp } from '../../../apps/api/src/configure-app';
import { JsonReplyExpressAdapter } from '../../../apps/api/src/http/json-reply-express-adapter';

async function main(): Promise<void> {
  const configuration = await readAppConfiguration();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(configuration)] })
    .overrideProvider(StatsRecorder)
    .useValue(new InMemoryStatsRecorder())
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(new JsonReplyExpressAdapter(), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  configureApp(app);
  await app.listen(configuration.get(ServerSettings).PORT);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

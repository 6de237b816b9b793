import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadEnv } from '@sighej/shared';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './configure-app';
import { serialiseOpenApi } from './serialise-openapi';

/** `npm run openapi`: writes docs/openapi.json without connecting to Redis or Postgres. */
async function main(): Promise<void> {
  const env = loadEnv({
    REDIS_URL: 'redis://127.0.0.1:6379',
    DATABASE_URL: 'postgres://openapi@127.0.0.1/openapi',
  });
  const app = await NestFactory.create(AppModule.register(env), { preview: true, logger: false });
  const target = resolve(process.cwd(), 'docs/openapi.json');
  writeFileSync(target, serialiseOpenApi(buildOpenApiDocument(app)));
  await app.close();
  process.stdout.write(`wrote ${target}\n`);
}

void main();

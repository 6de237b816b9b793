import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from './app.module';
import { loadAppConfiguration } from './config/app-settings';
import { buildOpenApiDocument } from './configure-app';
import { serialiseOpenApi } from './serialise-openapi';

/**
 * `npm run openapi`: writes docs/openapi.json without connecting to Redis or Postgres.
 * With `--check` it writes nothing and exits 1 when the committed file is stale. Runs from
 * the build, because the Swagger CLI plugin (class-validator rules, JSDoc) applies there.
 */
async function main(): Promise<void> {
  const configuration = loadAppConfiguration({
    REDIS_URL: 'redis://127.0.0.1:6379',
    DATABASE_URL: 'postgres://openapi@127.0.0.1/openapi',
  });
  const app = await NestFactory.create(AppModule.register(configuration), { preview: true, logger: false });
  const target = resolve(process.cwd(), 'docs/openapi.json');
  const document = serialiseOpenApi(buildOpenApiDocument(app));
  await app.close();
  if (process.argv.includes('--check')) {
    if (readFileSync(target, 'utf8') === document) return;
    process.stderr.write(`${target} is stale: run \`npm run openapi\` and commit it\n`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(target, document);
  process.stdout.write(`wrote ${target}\n`);
}

void main();

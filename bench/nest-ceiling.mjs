// A framework ceiling: the floor's /match work inside the smallest Nest app (one controller,
// no logging, no ValidationPipe, no filters), on Express or, when @nestjs/platform-fastify
// is installed, Fastify. It says how close to the floor the service could get on each HTTP
// adapter before any of its own code runs.
//
//   ADAPTER=express|fastify PORT=8101 REDIS_KEY_PREFIX=sighej: node bench/nest-ceiling.mjs
//
// BENCH_NEST_FROM=<dir> loads Nest (common, core, the adapters) from another install, e.g.
// one with @nestjs/platform-fastify, without adding it to this project.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  bearerOf,
  checkMatchBody,
  connectRedis,
  createMatchWork,
  workOptionsFromEnv,
} from './lib/match-work.mjs';

const require = createRequire(
  process.env.BENCH_NEST_FROM ? join(process.env.BENCH_NEST_FROM, 'package.json') : import.meta.url,
);
require('reflect-metadata');
const {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Module,
  Post,
  UnauthorizedException,
} = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');

const matchWork = createMatchWork(await connectRedis(), workOptionsFromEnv());

// Plain JavaScript, so the decorators are applied by hand (what TypeScript would emit).
class MatchController {
  async match(body, authorization) {
    const problems = checkMatchBody(body);
    if (problems.length > 0) throw new BadRequestException(problems);
    const answer = await matchWork(body.own_token, body.detected_token, bearerOf(authorization));
    if (answer === undefined) throw new UnauthorizedException();
    return answer;
  }
  health() {
    return { status: 'ok' };
  }
}
const proto = MatchController.prototype;
const method = (name) => Object.getOwnPropertyDescriptor(proto, name);
Body()(proto, 'match', 0);
Headers('authorization')(proto, 'match', 1);
Reflect.decorate([Post('match'), HttpCode(200)], proto, 'match', method('match'));
Reflect.decorate([Get('health')], proto, 'health', method('health'));
Reflect.decorate([Controller()], MatchController);

class AppModule {}
Reflect.decorate([Module({ controllers: [MatchController] })], AppModule);

if (process.env.PORT) {
  const adapter =
    process.env.ADAPTER === 'fastify'
      ? new (require('@nestjs/platform-fastify').FastifyAdapter)()
      : undefined;
  const app = adapter
    ? await NestFactory.create(AppModule, adapter, { logger: false })
    : await NestFactory.create(AppModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => process.exit(0));
}

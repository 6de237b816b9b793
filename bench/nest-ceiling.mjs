// The framework ceiling: the floor's /match work inside the smallest Nest app that does what
// the service's framework layer must do: Nest 11 on Express, one controller, Express's JSON
// body parser, and a global ValidationPipe (the service's options) on a class-validator DTO.
// No logging, metrics, security headers, guards or filters: the service's own code is what
// the comparison with this measures.
//
//   PORT=8101 REDIS_KEY_PREFIX=sighej: node bench/nest-ceiling.mjs
import 'reflect-metadata';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpException,
  Module,
  Post,
  UnauthorizedException,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsString, Matches } from 'class-validator';
import { bearerOf, connectRedis, createMatchWork, workOptionsFromEnv } from './lib/match-work.mjs';

const matchWork = createMatchWork(await connectRedis(), workOptionsFromEnv());
const BLE_TOKEN = /^[A-Za-z0-9_-]{22}$/;

// Plain JavaScript, so the decorators are applied by hand (what TypeScript would emit).
class MatchRequestDto {
  own_token;
  detected_token;
}
for (const field of ['own_token', 'detected_token']) {
  Reflect.decorate([IsString(), Matches(BLE_TOKEN)], MatchRequestDto.prototype, field);
}

class MatchController {
  async match(dto, authorization) {
    if (dto.own_token === dto.detected_token)
      throw new BadRequestException('detected_token must differ from own_token');
    const answer = await matchWork(dto.own_token, dto.detected_token, bearerOf(authorization));
    if (answer === undefined) throw new UnauthorizedException();
    if (answer === 'limited') throw new HttpException('Too many requests', 429);
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
Reflect.defineMetadata('design:paramtypes', [MatchRequestDto, String], proto, 'match');
Reflect.decorate([Post('match'), HttpCode(200)], proto, 'match', method('match'));
Reflect.decorate([Get('health')], proto, 'health', method('health'));
Reflect.decorate([Controller()], MatchController);

class AppModule {}
Reflect.decorate([Module({ controllers: [MatchController] })], AppModule);

if (process.env.PORT) {
  const app = await NestFactory.create(AppModule, { logger: false, bodyParser: false });
  app.useBodyParser('json', { limit: '16kb', strict: true });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => process.exit(0));
}

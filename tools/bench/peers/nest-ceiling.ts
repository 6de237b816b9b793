// The framework ceiling: the floor's /match work inside the smallest Nest app that does what
// the service's framework layer must do: Nest 11 on Express, one controller, Express's JSON
// body parser, and a global ValidationPipe (the service's options) on a class-validator DTO.
// No logging, metrics, security headers, guards or filters: the service's own code is what
// the comparison with this measures.
//
//   PORT=8101 REDIS_KEY_PREFIX=sighej: node dist/bench/tools/bench/peers/nest-ceiling.js
import 'reflect-metadata';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpException,
  Inject,
  Module,
  Post,
  UnauthorizedException,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsString, Matches } from 'class-validator';
import { bearerOf, connectRedis, createMatchWork, MatchAnswer, workOptionsFromEnv } from './match-work';

const BLE_TOKEN = /^[A-Za-z0-9_-]{22}$/;
const MATCH_WORK = 'MATCH_WORK';
type MatchWork = ReturnType<typeof createMatchWork>;

class MatchRequestDto {
  @IsString()
  @Matches(BLE_TOKEN)
  own_token!: string;

  @IsString()
  @Matches(BLE_TOKEN)
  detected_token!: string;
}

@Controller()
class MatchController {
  constructor(@Inject(MATCH_WORK) private readonly work: MatchWork) {}

  @Post('match')
  @HttpCode(200)
  async match(
    @Body() dto: MatchRequestDto,
    @Headers('authorization') authorization?: string,
  ): Promise<MatchAnswer> {
    if (dto.own_token === dto.detected_token)
      throw new BadRequestException('detected_token must differ from own_token');
    const answer = await this.work(dto.own_token, dto.detected_token, bearerOf(authorization));
    if (answer === undefined) throw new UnauthorizedException();
    if (answer === 'limited') throw new HttpException('Too many requests', 429);
    return answer;
  }

  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }
}

async function main(): Promise<void> {
  const work = createMatchWork(await connectRedis(), workOptionsFromEnv());
  @Module({ controllers: [MatchController], providers: [{ provide: MATCH_WORK, useValue: work }] })
  class AppModule {}
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: false,
    bodyParser: false,
  });
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

void main();

import { DynamicModule, Module } from '@nestjs/common';
import { NudgeModule } from '@sighej/nudge';
import { SessionModule } from '@sighej/session';
import { Env } from '@sighej/shared';
import { InMemoryPairClaims } from './claims/in-memory-pair-claims';
import { PairClaims } from './claims/pair-claims';
import { RedisPairClaims } from './claims/redis-pair-claims';
import { MatchController } from './match.controller';
import { MatchService } from './match.service';

@Module({})
export class MatchModule {
  static register(env: Env): DynamicModule {
    return {
      module: MatchModule,
      imports: [SessionModule.register(env), NudgeModule.register(env)],
      controllers: [MatchController],
      providers: [
        MatchService,
        { provide: PairClaims, useClass: env.REDIS_URL !== undefined ? RedisPairClaims : InMemoryPairClaims },
      ],
    };
  }
}

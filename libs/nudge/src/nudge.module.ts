import { DynamicModule, Module } from '@nestjs/common';
import { SessionModule } from '@sighej/session';
import { Env } from '@sighej/shared';
import { InMemoryNudgeBus } from './bus/in-memory-nudge-bus';
import { NudgeBus } from './bus/nudge-bus';
import { RedisNudgeBus } from './bus/redis-nudge-bus';
import { NudgeGateway } from './nudge.gateway';
import { NudgeService } from './nudge.service';
import { InMemoryNudgeQueue } from './queue/in-memory-nudge-queue';
import { NudgeQueue } from './queue/nudge-queue';
import { RedisNudgeQueue } from './queue/redis-nudge-queue';
import { NudgeConnections } from './socket/nudge-connections';

// One object per Env: Nest identifies dynamic modules by reference, and the app and the match
// module both import this one (a second copy would mean a second gateway and socket registry).
const registered = new WeakMap<Env, DynamicModule>();

@Module({})
export class NudgeModule {
  static register(env: Env): DynamicModule {
    const known = registered.get(env);
    if (known !== undefined) return known;
    const external = env.REDIS_URL !== undefined;
    const module: DynamicModule = {
      module: NudgeModule,
      imports: [SessionModule.register(env)],
      providers: [
        NudgeService,
        NudgeConnections,
        NudgeGateway,
        { provide: NudgeQueue, useClass: external ? RedisNudgeQueue : InMemoryNudgeQueue },
        { provide: NudgeBus, useClass: external ? RedisNudgeBus : InMemoryNudgeBus },
      ],
      exports: [NudgeService, NudgeConnections],
    };
    registered.set(env, module);
    return module;
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { Env } from '@sighej/shared';
import { LiveSessionCounter } from '@sighej/stats';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';
import { InMemorySessionStore } from './store/in-memory-session-store';
import { RedisSessionStore } from './store/redis-session-store';
import { SessionStore } from './store/session-store';

@Module({})
export class SessionModule {
  static register(env: Env): DynamicModule {
    return {
      module: SessionModule,
      controllers: [SessionController],
      providers: [
        SessionService,
        // GET /stats reads active_sessions_now through this port (stats must not import session).
        { provide: LiveSessionCounter, useExisting: SessionService },
        {
          provide: SessionStore,
          useClass: env.REDIS_URL !== undefined ? RedisSessionStore : InMemorySessionStore,
        },
      ],
      exports: [SessionService, LiveSessionCounter],
    };
  }
}

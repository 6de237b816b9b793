import { DynamicModule, Module } from '@nestjs/common';
import { Env } from '@sighej/shared';
import { LiveSessionCounter } from '@sighej/stats';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';
import { InMemorySessionStore } from './store/in-memory-session-store';
import { RedisSessionStore } from './store/redis-session-store';
import { SessionStore } from './store/session-store';

// Nest identifies a dynamic module by its object: handing every importer (the app, nudge,
// match) the same object for one Env keeps a single SessionService and its listeners.
const registered = new WeakMap<Env, DynamicModule>();

@Module({})
export class SessionModule {
  static register(env: Env): DynamicModule {
    const known = registered.get(env);
    if (known !== undefined) return known;
    const module: DynamicModule = {
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
    registered.set(env, module);
    return module;
  }
}

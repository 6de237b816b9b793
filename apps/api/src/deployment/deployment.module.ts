import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { InMemoryMeetingStore, MeetingStore, RedisMeetingStore } from '@sighej/match';
import {
  InMemoryNudgeBus,
  InMemoryNudgeQueue,
  NudgeBus,
  NudgeQueue,
  RedisNudgeBus,
  RedisNudgeQueue,
} from '@sighej/nudge';
import {
  InMemoryPushChannelStore,
  InMemoryPushOutcomeLog,
  InMemoryPushQueue,
  PushChannelStore,
  PushOutcomeLog,
  PushQueue,
  RedisPushChannelStore,
  RedisPushOutcomeLog,
  RedisPushQueue,
} from '@sighej/push';
import { InMemorySessionStore, RedisSessionStore, SessionStore } from '@sighej/session';
import {
  CoreSettings,
  DatabaseConnector,
  DatabaseModule,
  InMemoryRateLimitStore,
  RateLimitStore,
  RedisConnections,
  RedisModule,
  RedisRateLimitStore,
  SecretFingerprint,
} from '@sighej/shared';
import {
  DailyStatsRepository,
  FileStatsSpool,
  LiveSessionCounter,
  RedisStatsSpool,
  STATS_MIGRATIONS,
  StatsSpool,
  TypeOrmDailyStatsRepository,
} from '@sighej/stats';
import { LimitKeySecretCheck, SoleInstanceSecretCheck } from '../health/limit-key-secret-check';
import { RedisProbe } from '../health/redis-probe';
import { InProcessProbe, SessionStoreProbe } from '../health/session-store-probe';
import { InProcessStoreConnections, StoreConnections } from '../shutdown/store-connections';
import { Deployment } from './deployment';
import { StatsDatabase } from './stats-database';

/** Every storage port a lib declares, bound to Redis (shared by all instances). */
const REDIS_ADAPTERS: Provider[] = [
  { provide: SessionStore, useClass: RedisSessionStore },
  { provide: NudgeQueue, useClass: RedisNudgeQueue },
  { provide: NudgeBus, useClass: RedisNudgeBus },
  { provide: MeetingStore, useClass: RedisMeetingStore },
  { provide: RateLimitStore, useClass: RedisRateLimitStore },
  { provide: StatsSpool, useClass: RedisStatsSpool },
  { provide: PushChannelStore, useClass: RedisPushChannelStore },
  { provide: PushQueue, useClass: RedisPushQueue },
  { provide: PushOutcomeLog, useClass: RedisPushOutcomeLog },
  { provide: StoreConnections, useExisting: RedisConnections },
  { provide: LimitKeySecretCheck, useExisting: SecretFingerprint },
  { provide: SessionStoreProbe, useClass: RedisProbe },
];

/** The same ports in process: embedded mode, one instance only. */
const IN_PROCESS_ADAPTERS: Provider[] = [
  { provide: SessionStore, useClass: InMemorySessionStore },
  { provide: NudgeQueue, useClass: InMemoryNudgeQueue },
  { provide: NudgeBus, useClass: InMemoryNudgeBus },
  { provide: MeetingStore, useClass: InMemoryMeetingStore },
  { provide: RateLimitStore, useClass: InMemoryRateLimitStore },
  // Stats batches Postgres would not take at shutdown wait in <EMBEDDED_DATA_DIR>/stats-spool.
  { provide: StatsSpool, useClass: FileStatsSpool },
  { provide: PushChannelStore, useClass: InMemoryPushChannelStore },
  { provide: PushQueue, useClass: InMemoryPushQueue },
  { provide: PushOutcomeLog, useClass: InMemoryPushOutcomeLog },
  { provide: StoreConnections, useClass: InProcessStoreConnections },
  { provide: LimitKeySecretCheck, useClass: SoleInstanceSecretCheck },
  { provide: SessionStoreProbe, useClass: InProcessProbe },
];

const PORTS = [
  SessionStore,
  NudgeQueue,
  NudgeBus,
  MeetingStore,
  RateLimitStore,
  StatsSpool,
  LiveSessionCounter,
  DailyStatsRepository,
  StatsDatabase,
  PushChannelStore,
  PushQueue,
  PushOutcomeLog,
  StoreConnections,
  LimitKeySecretCheck,
  SessionStoreProbe,
  Deployment,
];

/**
 * The one place that turns the validated configuration into a deployment: with REDIS_URL
 * every storage port is served by Redis, without it in process; stats go to DATABASE_URL's
 * Postgres or the embedded PGlite, through the same TypeORM DataSource either way. Feature
 * modules only declare the ports they need (abstract classes) and receive these adapters.
 * Global because it is infrastructure, like the configuration: each lib's module still lists
 * the feature modules it imports.
 */
@Global()
@Module({})
export class DeploymentModule {
  static forRoot(core: CoreSettings): DynamicModule {
    const deployment = Deployment.of(core);
    const { sessions, stats } = deployment;
    const redis =
      sessions.kind === 'redis' ? RedisModule.forRoot(sessions.url, sessions.keyPrefix) : undefined;
    const database = DatabaseModule.forRoot({
      url: stats.kind === 'postgres' ? stats.url : undefined,
      embeddedDataDir: core.EMBEDDED_DATA_DIR,
      migrations: STATS_MIGRATIONS,
    });
    return {
      module: DeploymentModule,
      imports: redis === undefined ? [database] : [redis, database],
      providers: [
        { provide: Deployment, useValue: deployment },
        ...(redis === undefined ? IN_PROCESS_ADAPTERS : REDIS_ADAPTERS),
        // GET /stats counts live sessions through the session store, without stats importing sessions.
        { provide: LiveSessionCounter, useExisting: SessionStore },
        // The same TypeORM repository serves Postgres and the embedded PGlite.
        { provide: DailyStatsRepository, useClass: TypeOrmDailyStatsRepository },
        { provide: StatsDatabase, useExisting: DatabaseConnector },
      ],
      // The ports and the deployment only: no raw Redis client, DataSource or key layout.
      exports: PORTS,
    };
  }
}

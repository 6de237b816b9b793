import { Module } from '@nestjs/common';
import { Env } from '@sighej/shared';
import { InterestCatalog } from './interest-catalog';
import { InterestHasher } from './interest-hasher';
import { InterestProfiler } from './interest-profile';

/** The catalog, the keyed hash (INTEREST_HASH_SECRET) and the profiler built from them. */
@Module({
  providers: [
    { provide: InterestCatalog, useFactory: () => InterestCatalog.load() },
    {
      provide: InterestProfiler,
      inject: [InterestCatalog, Env],
      useFactory: (catalog: InterestCatalog, env: Env) =>
        new InterestProfiler(catalog, new InterestHasher(env.INTEREST_HASH_SECRET)),
    },
  ],
  exports: [InterestCatalog, InterestProfiler],
})
export class InterestsModule {}

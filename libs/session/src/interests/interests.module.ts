import { Module } from '@nestjs/common';
import { InterestCatalog } from './interest-catalog';
import { InterestProfiler } from './interest-profile';

/** The catalog and the profiler that reduces interests to its categories. */
@Module({
  providers: [
    { provide: InterestCatalog, useFactory: () => InterestCatalog.load() },
    {
      provide: InterestProfiler,
      inject: [InterestCatalog],
      useFactory: (catalog: InterestCatalog) => new InterestProfiler(catalog),
    },
  ],
  exports: [InterestCatalog, InterestProfiler],
})
export class InterestsModule {}

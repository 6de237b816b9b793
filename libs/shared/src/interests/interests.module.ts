import { DynamicModule, Global, Module } from '@nestjs/common';
import { InterestCatalog } from './interest-catalog';
import { InterestHasher } from './interest-hasher';
import { InterestProfiler } from './interest-profile';

/** The catalog, the keyed hash and the profiler built from them, for every module. */
@Global()
@Module({})
export class InterestsModule {
  static forRoot(hashSecret: string): DynamicModule {
    const catalog = InterestCatalog.load();
    const profiler = new InterestProfiler(catalog, new InterestHasher(hashSecret));
    return {
      module: InterestsModule,
      providers: [
        { provide: InterestCatalog, useValue: catalog },
        { provide: InterestProfiler, useValue: profiler },
      ],
      exports: [InterestCatalog, InterestProfiler],
    };
  }
}

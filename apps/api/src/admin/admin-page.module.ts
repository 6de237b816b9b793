import { Module } from '@nestjs/common';
import { Env } from '@sighej/shared';
import { AdminPageController } from './admin-page.controller';
import { AdminPageFiles } from './admin-page-files';

/** The admin page at /admin; AppModule leaves it out when ADMIN_PAGE=false. */
@Module({
  controllers: [AdminPageController],
  providers: [
    {
      provide: AdminPageFiles,
      useFactory: (env: Env): AdminPageFiles => AdminPageFiles.load(env.STATS_MIN_CATEGORY_COUNT),
      inject: [Env],
    },
  ],
})
export class AdminPageModule {}

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
      useFactory: (env: Env): AdminPageFiles =>
        AdminPageFiles.load({
          minCategoryCount: env.STATS_MIN_CATEGORY_COUNT,
          timeZone: env.STATS_TIMEZONE,
          embedded: env.embedded,
        }),
      inject: [Env],
    },
  ],
})
export class AdminPageModule {}

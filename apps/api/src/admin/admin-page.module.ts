import { Module } from '@nestjs/common';
import { StatsSettings } from '@sighej/stats';
import { Deployment } from '../deployment/deployment';
import { AdminPageController } from './admin-page.controller';
import { AdminPageFiles } from './admin-page-files';

/** The admin page at /admin; AppModule leaves it out when ADMIN_PAGE=false. */
@Module({
  controllers: [AdminPageController],
  providers: [
    {
      provide: AdminPageFiles,
      useFactory: (stats: StatsSettings, deployment: Deployment): AdminPageFiles =>
        AdminPageFiles.load({
          minCategoryCount: stats.STATS_MIN_CATEGORY_COUNT,
          timeZone: stats.STATS_TIMEZONE,
          embedded: deployment.embedded,
        }),
      inject: [StatsSettings, Deployment],
    },
  ],
})
export class AdminPageModule {}

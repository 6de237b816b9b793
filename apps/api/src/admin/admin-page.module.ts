import { Module } from '@nestjs/common';
import { Env } from '@sighej/shared';
import { Deployment } from '../deployment/deployment';
import { AdminPageController } from './admin-page.controller';
import { AdminPageFiles } from './admin-page-files';

/** The admin page at /admin; AppModule leaves it out when ADMIN_PAGE=false. */
@Module({
  controllers: [AdminPageController],
  providers: [
    {
      provide: AdminPageFiles,
      useFactory: (env: Env, deployment: Deployment): AdminPageFiles =>
        AdminPageFiles.load({
          minCategoryCount: env.STATS_MIN_CATEGORY_COUNT,
          timeZone: env.STATS_TIMEZONE,
          embedded: deployment.embedded,
        }),
      inject: [Env, Deployment],
    },
  ],
})
export class AdminPageModule {}

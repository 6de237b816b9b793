import { Module } from '@nestjs/common';
import { RateLimitModule } from '@sighej/shared';
import { StatsModule } from '@sighej/stats';
import { SessionAuthenticator } from './auth/session-authenticator';
import { SessionGuard } from './auth/session-guard';
import { InterestsModule } from './interests/interests.module';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';

/**
 * Sessions: create, rotate, end, and who is calling (`SessionAuthenticator`, `SessionGuard`);
 * the interest catalog that decides categories, for whoever compares profiles.
 * Its `SessionStore` port is bound by the deployment (Redis or in process).
 */
@Module({
  imports: [StatsModule, InterestsModule, RateLimitModule],
  controllers: [SessionController],
  providers: [SessionService, SessionAuthenticator, SessionGuard],
  exports: [SessionService, SessionAuthenticator, SessionGuard, InterestsModule],
})
export class SessionModule {}

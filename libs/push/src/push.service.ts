import { Injectable, OnModuleInit } from '@nestjs/common';
import { Session, SessionEndedListener, SessionService } from '@sighej/session';
import { InvalidRequestError } from '@sighej/shared';
import { channelFromRequest } from './channel/channel-from-request';
import { PushChannelStore } from './channel/push-channel-store';
import type { RegisterPushDto } from './dto/register-push.dto';
import { PushConfig } from './push-config';

/** A session's push channel: registered, replaced, removed, and ended with the session. */
@Injectable()
export class PushService implements SessionEndedListener, OnModuleInit {
  constructor(
    private readonly channels: PushChannelStore,
    private readonly sessions: SessionService,
    private readonly config: PushConfig,
  ) {}

  onModuleInit(): void {
    this.sessions.onSessionEnded(this);
  }

  async register(session: Session, dto: RegisterPushDto): Promise<void> {
    if (!this.config.configured(dto.provider))
      throw new InvalidRequestError(`push provider ${dto.provider} is not configured on this server`);
    const channel = channelFromRequest(dto, this.config.allowPrivateEndpoints);
    await this.channels.save(session.id, channel, session.expiresAt);
  }

  async unregister(session: Session): Promise<void> {
    await this.channels.remove(session.id);
  }

  async sessionEnded(sessionId: string): Promise<void> {
    await this.channels.remove(sessionId);
  }
}

import { Body, Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthenticatedSession, BleTokenParamDto, CurrentSession, Session } from '@sighej/session';
import { RegisterPushDto } from './dto/register-push.dto';
import { PushService } from './push.service';

@ApiTags('push')
@ApiServiceUnavailableResponse({ description: 'Redis is unavailable; the body says so. Retry shortly.' })
@ApiUnauthorizedResponse({ description: 'No live session for this token, or not its access token' })
@Controller('session')
export class PushController {
  constructor(private readonly push: PushService) {}

  @Put(':ble_token/push')
  @HttpCode(204)
  @AuthenticatedSession({ in: 'params', field: 'ble_token' })
  @ApiOperation({
    summary:
      'Register (or replace) the push channel that reaches this phone when its app is in the background',
    description:
      'A nudge the socket has not taken (no socket, or no ack within PUSH_AFTER_MS) is pushed once, encrypted ' +
      'to keys (RFC 8291 aes128gcm): the provider sees only that a device got a push. The channel lives with ' +
      'the session and ends with it.',
  })
  @ApiNoContentResponse({ description: 'Registered' })
  @ApiBadRequestResponse({
    description:
      'A malformed channel or key, a private or non-https endpoint, or a provider this server has not configured',
  })
  async register(
    @Param() _: BleTokenParamDto,
    @Body() dto: RegisterPushDto,
    @CurrentSession() session: Session,
  ): Promise<void> {
    await this.push.register(session, dto);
  }

  @Delete(':ble_token/push')
  @HttpCode(204)
  @AuthenticatedSession({ in: 'params', field: 'ble_token' })
  @ApiOperation({ summary: 'Stop pushes to this phone (204 also when none was registered)' })
  @ApiNoContentResponse({ description: 'No push channel any more' })
  async unregister(@Param() _: BleTokenParamDto, @CurrentSession() session: Session): Promise<void> {
    await this.push.unregister(session);
  }
}

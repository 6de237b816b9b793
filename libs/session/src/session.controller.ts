import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { RateLimit } from '@sighej/shared';
import { AccessToken } from './access-token.decorator';
import { BleTokenParamDto } from './dto/ble-token-param.dto';
import { CreateSessionDto } from './dto/create-session.dto';
import { SessionCreatedDto } from './dto/session-created.dto';
import { SessionService } from './session.service';

@ApiTags('session')
@ApiServiceUnavailableResponse({ description: 'Redis is unavailable; the body says so. Retry shortly.' })
@Controller('session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post()
  @ApiOperation({ summary: 'Register an ephemeral session ("open to talk" switched on)' })
  @ApiCreatedResponse({ type: SessionCreatedDto })
  @ApiBadRequestResponse({
    description: 'Malformed JSON, unknown fields, wrong types, or no usable interest',
  })
  @ApiConflictResponse({ description: 'ble_token already names a live session' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 16 KiB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Content-Type is not application/json' })
  @ApiTooManyRequestsResponse({ description: 'Too many sessions from this IP; see Retry-After' })
  @RateLimit('sessions')
  async create(@Body() dto: CreateSessionDto): Promise<SessionCreatedDto> {
    const { session, accessToken } = await this.sessions.create(dto.ble_token, dto.interests);
    return {
      session_id: session.id,
      expires_at: new Date(session.expiresAt).toISOString(),
      access_token: accessToken,
    };
  }

  @Delete(':ble_token')
  @HttpCode(204)
  @ApiBearerAuth('session')
  @ApiOperation({ summary: 'End a session ("open to talk" switched off); its socket closes with 4001' })
  @ApiNoContentResponse({ description: 'Session, pending nudges and socket ended' })
  @ApiUnauthorizedResponse({ description: 'No live session for this token, or not its access token' })
  async end(@Param() { ble_token }: BleTokenParamDto, @AccessToken() accessToken?: string): Promise<void> {
    await this.sessions.end(ble_token, accessToken);
  }
}

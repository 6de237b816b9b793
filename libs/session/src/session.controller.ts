import { Body, Controller, Delete, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { RateLimit } from '@sighej/shared';
import { AuthenticatedSession, CurrentSession } from './auth/session.decorators';
import { BleTokenParamDto } from './dto/ble-token-param.dto';
import { CreateSessionDto } from './dto/create-session.dto';
import { RotateTokenDto } from './dto/rotate-token.dto';
import { SessionCreatedDto } from './dto/session-created.dto';
import { TokenRotatedDto } from './dto/token-rotated.dto';
import type { Session } from './session';
import { SessionService } from './session.service';
import { SESSION_CREATES } from './session-limits';

@ApiTags('session')
@ApiServiceUnavailableResponse({ description: 'Redis is unavailable; the body says so. Retry shortly.' })
@Controller('session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post()
  @ApiOperation({ summary: 'Register an ephemeral session ("open to talk" switched on)' })
  @ApiCreatedResponse({ type: SessionCreatedDto })
  @ApiBadRequestResponse({
    description:
      'Malformed JSON, unknown fields (a ble_token field among them: the server assigns the token), wrong types, or no usable interest',
  })
  @ApiPayloadTooLargeResponse({ description: 'Body over 16 KiB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Content-Type is not application/json' })
  @ApiTooManyRequestsResponse({ description: 'Too many sessions from this IP; see Retry-After' })
  @RateLimit(SESSION_CREATES)
  // The answer carries the access token: no cache (browser, proxy) may keep it.
  @Header('Cache-Control', 'no-store')
  async create(@Body() dto: CreateSessionDto): Promise<SessionCreatedDto> {
    const { session, bleToken, accessToken } = await this.sessions.create(dto.interests);
    return {
      session_id: session.id,
      ble_token: bleToken,
      expires_at: new Date(session.expiresAt).toISOString(),
      access_token: accessToken,
    };
  }

  @Delete(':ble_token')
  @HttpCode(204)
  @AuthenticatedSession({ in: 'params', field: 'ble_token' })
  @ApiOperation({ summary: 'End a session ("open to talk" switched off); its socket closes with 4001' })
  @ApiNoContentResponse({ description: 'Session, pending nudges and socket ended' })
  @ApiUnauthorizedResponse({ description: 'No live session for this token, or not its access token' })
  async end(@Param() { ble_token }: BleTokenParamDto, @CurrentSession() session: Session): Promise<void> {
    await this.sessions.end(session, ble_token);
  }

  @Post(':ble_token/rotate')
  @HttpCode(200)
  @AuthenticatedSession({ in: 'params', field: 'ble_token' })
  @ApiOperation({
    summary: 'Rotate the BLE token (every few minutes) so the phone cannot be followed around the venue',
    description:
      'No body (or `{}`): the server chooses the new token. The session keeps its id, access token, ' +
      'categories, expiry, pending nudges and open WebSocket; only its public name changes. The old token ' +
      'names nothing from now on and is never issued again (a /match naming it answers like an absent token). ' +
      'The new token is a new partner for every other phone: meetings and the partner budget of the old token ' +
      'are not carried over. At most RATE_LIMIT_ROTATIONS_PER_HOUR rotations per session.',
  })
  @ApiOkResponse({ type: TokenRotatedDto })
  @ApiBadRequestResponse({ description: 'Malformed token, or a body with any field' })
  @ApiUnauthorizedResponse({ description: 'No live session for this token, or not its access token' })
  @ApiTooManyRequestsResponse({
    description: 'More than RATE_LIMIT_ROTATIONS_PER_HOUR rotations for this session; see Retry-After',
  })
  async rotate(
    @Param() { ble_token }: BleTokenParamDto,
    // Validated (any field is a 400), then unused: the server chooses the token.
    @Body() _body: RotateTokenDto,
    @CurrentSession() session: Session,
  ): Promise<TokenRotatedDto> {
    const rotated = await this.sessions.rotate(session, ble_token);
    return { ble_token: rotated.bleToken, expires_at: new Date(session.expiresAt).toISOString() };
  }
}

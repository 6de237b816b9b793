import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthenticatedSession, CurrentSession, type Session } from '@sighej/session';
import { MatchRequestDto } from './dto/match-request.dto';
import { MatchResultDto } from './dto/match-result.dto';
import { MatchService } from './match.service';

@ApiTags('match')
@Controller('match')
export class MatchController {
  constructor(private readonly matches: MatchService) {}

  @Post()
  @HttpCode(200)
  @AuthenticatedSession({ in: 'body', field: 'own_token' })
  @ApiOperation({
    summary: 'Ask whether a detected BLE token shares interests with you; nudges both phones once per pair',
    description:
      'Both phones of a pair call this again and again. The pair (the two sessions, unordered) is nudged once per NUDGE_COOLDOWN_SECONDS: the call that sent the nudges answers nudge_sent: true, every other call in the window nudge_sent: false. The nudges arrive over the WebSocket /ws/{ble_token} (docs/asyncapi.yaml).',
  })
  @ApiOkResponse({
    type: MatchResultDto,
    description: 'Whether the two live sessions share interests, and whether this call sent the nudges',
  })
  @ApiBadRequestResponse({
    description: 'Malformed body, a malformed token, or own_token equal to detected_token',
  })
  @ApiUnauthorizedResponse({
    description:
      "The bearer token is not own_token's live session's access token (one answer for every case)",
  })
  @ApiTooManyRequestsResponse({
    description: 'More than RATE_LIMIT_MATCHES_PER_MINUTE calls for this session; see Retry-After',
  })
  @ApiServiceUnavailableResponse({ description: 'Redis is unavailable; the body says so. Retry shortly.' })
  async match(@Body() dto: MatchRequestDto, @CurrentSession() own: Session): Promise<MatchResultDto> {
    const outcome = await this.matches.match(own, dto.own_token, dto.detected_token);
    return { match: outcome.match, shared_interests: outcome.sharedInterests, nudge_sent: outcome.nudgeSent };
  }
}

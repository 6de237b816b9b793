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
import { AuthenticatedSession, CurrentSession, FoundSession, type Session } from '@sighej/session';
import { MatchRequestDto } from './dto/match-request.dto';
import { MatchResultDto } from './dto/match-result.dto';
import { MatchService } from './match.service';

@ApiTags('match')
@Controller('match')
export class MatchController {
  constructor(private readonly matches: MatchService) {}

  @Post()
  @HttpCode(200)
  @AuthenticatedSession({ in: 'body', field: 'own_token', alsoFind: 'detected_token' })
  @ApiOperation({
    summary: 'Report a BLE token your phone detected (a sighting); both phones are nudged once per meeting',
    description:
      'Call it for every SigHej token the phone detects, again and again while the other phone stays near. ' +
      'A sighting alone reveals nothing: until the detected phone has also reported your current token within ' +
      'MATCH_MUTUAL_WINDOW_SECONDS, the answer is exactly that of a token with no live session ' +
      '(`match: false`). The call that completes the meeting nudges both phones (over the WebSocket ' +
      '/ws/{ble_token}, docs/asyncapi.yaml) and answers `nudge_sent: true`; later calls for that meeting ' +
      '(both tokens unchanged, within NUDGE_COOLDOWN_SECONDS) answer the shared categories with `nudge_sent: false`. ' +
      'Matching is computed on categories: the answer names the shared categories, alphabetically (`other` never ' +
      'counts). A token takes part in at most MATCH_NEW_MEETINGS_PER_WINDOW nudged meetings in any sliding ' +
      'MATCH_MEETING_WINDOW_SECONDS (a rotation starts a fresh budget); a meeting either side has no budget for ' +
      'answers like no overlap, nudges nobody and stays decided until a token rotates. A call refused by the rate ' +
      'limit records no sighting.',
  })
  @ApiOkResponse({
    type: MatchResultDto,
    description: "The meeting's outcome once both phones reported each other; the no-session answer before",
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
  async match(
    @Body() dto: MatchRequestDto,
    @CurrentSession() own: Session,
    @FoundSession() detected: { session?: Session },
  ): Promise<MatchResultDto> {
    const outcome = await this.matches.match(own, dto.own_token, dto.detected_token, detected);
    return { match: outcome.match, shared_interests: outcome.sharedInterests, nudge_sent: outcome.nudgeSent };
  }
}

import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN, IsBleToken, isBleToken } from '@sighej/session';
import { hasExactlyKeys, shortcutValidInput } from '@sighej/shared';

export class MatchRequestDto {
  @ApiProperty({
    description: 'Your own BLE token; the bearer access token must be the one of its session',
    example: 'q8Yb0XcT2nLrV5wKd3Hs1A',
    pattern: BLE_TOKEN_PATTERN.source,
  })
  @IsBleToken()
  own_token!: string;

  @ApiProperty({
    description: 'The BLE token your phone detected nearby; must differ from own_token',
    example: 'Zr4mP9eJx7TqW2bNc6Ug0F',
    pattern: BLE_TOKEN_PATTERN.source,
  })
  @IsBleToken()
  detected_token!: string;
}

const FIELDS = ['own_token', 'detected_token'] as const;

// The hot path: a well-formed sighting skips class-transformer and class-validator (tested
// side by side with them); anything else is validated in full, which words every 400.
shortcutValidInput(MatchRequestDto, (value) => {
  if (!hasExactlyKeys(value, FIELDS) || !isBleToken(value.own_token) || !isBleToken(value.detected_token))
    return undefined;
  const dto = new MatchRequestDto();
  dto.own_token = value.own_token;
  dto.detected_token = value.detected_token;
  return dto;
});

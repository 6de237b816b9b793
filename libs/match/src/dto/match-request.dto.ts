import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN, IsBleToken } from '@sighej/session';

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

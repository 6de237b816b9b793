import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN } from '@sighej/shared';
import { IsString, Matches } from 'class-validator';

export class MatchRequestDto {
  @ApiProperty({
    description: 'Your own BLE token; the bearer access token must be the one of its session',
    example: 'abc123',
    pattern: BLE_TOKEN_PATTERN.source,
  })
  @IsString()
  @Matches(BLE_TOKEN_PATTERN, { message: 'own_token must be 6-64 characters of A-Z a-z 0-9 _ -' })
  own_token!: string;

  @ApiProperty({
    description: 'The BLE token your phone detected nearby; must differ from own_token',
    example: 'xyz789',
    pattern: BLE_TOKEN_PATTERN.source,
  })
  @IsString()
  @Matches(BLE_TOKEN_PATTERN, { message: 'detected_token must be 6-64 characters of A-Z a-z 0-9 _ -' })
  detected_token!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN } from '@sighej/shared';
import { IsString, Matches } from 'class-validator';

export class RotateTokenDto {
  @ApiProperty({
    description: 'The new random BLE token the phone will broadcast from now on',
    example: 'new-random-token',
    pattern: BLE_TOKEN_PATTERN.source,
  })
  @IsString()
  @Matches(BLE_TOKEN_PATTERN, { message: 'ble_token must be 6-64 characters of A-Z a-z 0-9 _ -' })
  ble_token!: string;
}

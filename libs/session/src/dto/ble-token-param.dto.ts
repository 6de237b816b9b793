import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN } from '@sighej/shared';
import { Matches } from 'class-validator';

export class BleTokenParamDto {
  @ApiProperty({ description: 'The BLE token currently naming the session', example: 'abc123' })
  @Matches(BLE_TOKEN_PATTERN, { message: 'ble_token must be 6-64 characters of A-Z a-z 0-9 _ -' })
  ble_token!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN, IsBleToken } from '../ble-token';

export class RotateTokenDto {
  @ApiProperty({
    description: 'The new random BLE token the phone will broadcast from now on',
    example: 'new-random-token',
    pattern: BLE_TOKEN_PATTERN.source,
  })
  @IsBleToken()
  ble_token!: string;
}

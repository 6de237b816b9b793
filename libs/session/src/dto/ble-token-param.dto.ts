import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN, IsBleToken } from '../ble-token';

export class BleTokenParamDto {
  @ApiProperty({
    description: 'The BLE token currently naming the session',
    example: 'abc123',
    pattern: BLE_TOKEN_PATTERN.source,
  })
  @IsBleToken()
  ble_token!: string;
}

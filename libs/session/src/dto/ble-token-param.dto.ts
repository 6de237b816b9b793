import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN, IsBleToken } from '../ble-token';

export class BleTokenParamDto {
  @ApiProperty({
    description:
      'The BLE token currently naming the session (as issued by POST /session or the last rotation)',
    example: 'q8Yb0XcT2nLrV5wKd3Hs1A',
    pattern: BLE_TOKEN_PATTERN.source,
  })
  @IsBleToken()
  ble_token!: string;
}

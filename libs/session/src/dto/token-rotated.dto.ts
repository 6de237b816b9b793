import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN } from '../ble-token';

export class TokenRotatedDto {
  @ApiProperty({
    description:
      'The new token the server chose: broadcast it from now on (the old one names nothing any more)',
    example: 'Zr4mP9eJx7TqW2bNc6Ug0F',
    pattern: BLE_TOKEN_PATTERN.source,
  })
  ble_token!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Unchanged by rotation',
    example: '2026-11-25T20:00:00.000Z',
  })
  expires_at!: string;
}

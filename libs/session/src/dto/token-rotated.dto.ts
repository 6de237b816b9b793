import { ApiProperty } from '@nestjs/swagger';

export class TokenRotatedDto {
  @ApiProperty({ description: 'The token that now names the session', example: 'new-random-token' })
  ble_token!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Unchanged by rotation',
    example: '2026-11-25T20:00:00.000Z',
  })
  expires_at!: string;
}

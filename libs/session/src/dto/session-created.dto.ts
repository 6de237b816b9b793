import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN } from '../ble-token';

export class SessionCreatedDto {
  @ApiProperty({ format: 'uuid', example: '6f1c2a4e-0b7d-4e51-9a8e-3c2f1d0b9a77' })
  session_id!: string;

  @ApiProperty({
    description:
      'The BLE token the server chose for this session: broadcast it (public; it names the session, it proves nothing). 16 random bytes, base64url.',
    example: 'q8Yb0XcT2nLrV5wKd3Hs1A',
    pattern: BLE_TOKEN_PATTERN.source,
  })
  ble_token!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T20:00:00.000Z' })
  expires_at!: string;

  @ApiProperty({
    description:
      'Secret returned once: send it as `Authorization: Bearer <access_token>` to act as this session (match, WebSocket, rotate, delete). Only its hash is stored.',
    example: 'q3XhV9m1n4c6Z0yQ2lD8pRkJ7sT5uW1aB3eF9gH0iJk',
  })
  access_token!: string;
}

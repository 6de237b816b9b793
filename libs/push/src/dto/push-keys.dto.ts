import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class PushKeysDto {
  @ApiProperty({
    description:
      "The phone's own P-256 public key (65-byte uncompressed point), base64url: pushes are encrypted to it (RFC 8291)",
    example: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
    pattern: '^[A-Za-z0-9_-]{87}=?$',
  })
  @Matches(/^[A-Za-z0-9_-]{87}=?$/, {
    message: 'keys.p256dh must be a 65-byte uncompressed P-256 public key, base64url (87 characters)',
  })
  p256dh!: string;

  @ApiProperty({
    description: "The phone's 16-byte auth secret, base64url",
    example: 'tBHItJI5svbpez7KI4CCXg',
    pattern: '^[A-Za-z0-9_-]{22}(==)?$',
  })
  @Matches(/^[A-Za-z0-9_-]{22}(==)?$/, {
    message: 'keys.auth must be a 16-byte secret, base64url (22 characters)',
  })
  auth!: string;
}

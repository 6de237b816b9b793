import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PushKeysDto } from './push-keys.dto';

/** A browser's `PushSubscription.toJSON()`, as is. */
export class WebPushSubscriptionDto {
  @ApiProperty({
    description: "The push service's endpoint for this browser: https on a public address in production",
    example: 'https://push.example.net/wpush/v2/gAAAAABk',
    maxLength: 2048,
  })
  @IsString()
  @MaxLength(2048)
  endpoint!: string;

  @ApiPropertyOptional({ description: 'Sent by browsers; ignored', nullable: true, type: Number })
  @IsOptional()
  @IsNumber()
  expirationTime?: number | null;

  @ApiProperty({ type: PushKeysDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys!: PushKeysDto;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { PUSH_PROVIDERS, PushProvider } from '../channel/push-channel';
import { PushKeysDto } from './push-keys.dto';
import { WebPushSubscriptionDto } from './web-push-subscription.dto';

/**
 * One of `{ provider: "webpush", subscription }`, `{ provider: "apns", device_token, keys }`,
 * `{ provider: "fcm", registration_token, keys }`.
 */
export class RegisterPushDto {
  @ApiProperty({ enum: PUSH_PROVIDERS, example: 'apns' })
  @IsIn(PUSH_PROVIDERS, { message: `provider must be one of ${PUSH_PROVIDERS.join(', ')}` })
  provider!: PushProvider;

  @ApiPropertyOptional({ type: WebPushSubscriptionDto, description: 'webpush only' })
  @ValidateIf((dto: RegisterPushDto) => dto.provider === 'webpush')
  @IsDefined({ message: 'subscription is required for provider webpush' })
  @ValidateNested()
  @Type(() => WebPushSubscriptionDto)
  subscription?: WebPushSubscriptionDto;

  @ApiPropertyOptional({
    description: 'apns only: the device token, hex',
    example: '5f2b3c9d0e1a4b6c8d7e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e',
    pattern: '^[0-9A-Fa-f]{64,200}$',
  })
  @ValidateIf((dto: RegisterPushDto) => dto.provider === 'apns')
  @Matches(/^(?:[0-9A-Fa-f]{2}){32,100}$/, {
    message: 'device_token must be the APNs device token in hex (64 or more digits)',
  })
  device_token?: string;

  @ApiPropertyOptional({
    description: 'fcm only: the FCM registration token',
    example: 'dQw4w9WgXcQ:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx',
    pattern: '^[A-Za-z0-9_:.-]{32,4096}$',
  })
  @ValidateIf((dto: RegisterPushDto) => dto.provider === 'fcm')
  @Matches(/^[A-Za-z0-9_:.-]{32,4096}$/, { message: 'registration_token must be an FCM registration token' })
  registration_token?: string;

  @ApiPropertyOptional({ type: PushKeysDto, description: 'apns and fcm: the keys pushes are encrypted to' })
  @ValidateIf((dto: RegisterPushDto) => dto.provider === 'apns' || dto.provider === 'fcm')
  @IsDefined({ message: 'keys is required for providers apns and fcm' })
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys?: PushKeysDto;
}

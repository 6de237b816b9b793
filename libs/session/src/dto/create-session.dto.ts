import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN, IsBleToken } from '../ble-token';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length } from 'class-validator';

export class CreateSessionDto {
  @ApiProperty({
    description:
      'Random token the phone broadcasts over BLE (public; it names the session, it proves nothing)',
    example: 'abc123',
    pattern: BLE_TOKEN_PATTERN.source,
  })
  @IsBleToken()
  ble_token!: string;

  @ApiProperty({
    description:
      'Free-form interests, 1-20 strings of 1-50 characters. Normalised (NFKC, trimmed, lower-cased, aliases mapped) and hashed on arrival; never stored raw.',
    example: ['devops', 'hardstyle', 'philosophy'],
    minItems: 1,
    maxItems: 20,
    type: [String],
  })
  @IsArray({ message: 'interests must be an array of strings' })
  @ArrayMinSize(1, { message: 'interests must contain at least 1 interest' })
  @ArrayMaxSize(20, { message: 'interests must contain at most 20 interests' })
  @IsString({ each: true, message: 'each interest must be a string' })
  @Length(1, 50, { each: true, message: 'each interest must be 1-50 characters long' })
  interests!: string[];
}

import { ApiProperty } from '@nestjs/swagger';
import { BLE_TOKEN_PATTERN, IsBleToken } from '../ble-token';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches } from 'class-validator';

/** An interest that normalises to nothing is refused one by one, as the schema's pattern says. */
const NON_BLANK = /\S/;

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
    type: 'array',
    // Nest cannot put per-item constraints on a `[String]` property: spell the items out.
    items: { type: 'string', minLength: 1, maxLength: 50, pattern: NON_BLANK.source },
  })
  @IsArray({ message: 'interests must be an array of strings' })
  @ArrayMinSize(1, { message: 'interests must contain at least 1 interest' })
  @ArrayMaxSize(20, { message: 'interests must contain at most 20 interests' })
  @IsString({ each: true, message: 'each interest must be a string' })
  @Length(1, 50, { each: true, message: 'each interest must be 1-50 characters long' })
  @Matches(NON_BLANK, {
    each: true,
    message: 'each interest must be non-blank (a character other than white space)',
  })
  interests!: string[];
}

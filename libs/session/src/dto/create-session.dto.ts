import { ApiHideProperty, ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsString, Length, ValidateIf } from 'class-validator';

/** What a client that still sends the seed's `ble_token` field is told. */
export const TOKEN_ASSIGNED_BY_SERVER =
  'ble_token is assigned by the server: leave it out and broadcast the ble_token of the response';

export class CreateSessionDto {
  @ApiProperty({
    description:
      'Free-form interests, 1-20 strings of 1-50 characters. Normalised (NFKC, trimmed, lower-cased, aliases mapped), reduced to their categories and discarded on arrival: no interest is stored, raw or hashed.',
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

  /** Refused with a message a client developer can act on, instead of "should not exist". */
  @ApiHideProperty()
  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @Equals(undefined, { message: TOKEN_ASSIGNED_BY_SERVER })
  ble_token?: never;
}

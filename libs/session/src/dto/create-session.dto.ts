import { ApiHideProperty, ApiProperty } from '@nestjs/swagger';
import { hasExactlyKeys, shortcutValidInput } from '@sighej/shared';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsString,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';

/** An interest that normalises to nothing is refused one by one, as the schema's pattern says. */
const NON_BLANK = /\S/;

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

  /** Refused with a message a client developer can act on, instead of "should not exist". */
  @ApiHideProperty()
  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @Equals(undefined, { message: TOKEN_ASSIGNED_BY_SERVER })
  ble_token?: never;
}

/**
 * An interest the decorators above accept whose length is plainly its UTF-16 length: no
 * surrogate (a pair counts as one character) and no variation selector (not counted).
 * Non-blank, as `@Matches` asks.
 */
const SURROGATE = /[\uD800-\uDFFF]/;
const plainInterest = (value: unknown): boolean =>
  typeof value === 'string' &&
  value.length >= 1 &&
  value.length <= 50 &&
  !SURROGATE.test(value) &&
  !value.includes('\uFE0E') &&
  !value.includes('\uFE0F') &&
  NON_BLANK.test(value);
const FIELDS = ['interests'] as const;

const plainInterests = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length >= 1 && value.length <= 20 && value.every(plainInterest);

// The common create skips class-transformer and class-validator (tested side by side with
// them); anything else is validated in full, which words every 400.
shortcutValidInput(CreateSessionDto, (value) => {
  if (!hasExactlyKeys(value, FIELDS) || !plainInterests(value.interests)) return undefined;
  const dto = new CreateSessionDto();
  dto.interests = value.interests.slice();
  return dto;
});

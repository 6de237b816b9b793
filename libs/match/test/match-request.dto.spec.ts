import { BadRequestException, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { DepthLimitedValidationPipe } from '@sighej/shared';
import { MatchRequestDto } from '../src/dto/match-request.dto';

const OWN = 'q8Yb0XcT2nLrV5wKd3Hs1A';
const DETECTED = 'Zr4mP9eJx7TqW2bNc6Ug0F';
const BODY: ArgumentMetadata = { type: 'body', metatype: MatchRequestDto };

/** The same decorators without a shortcut: the service's pipe validates it in full. */
class FullyValidated extends MatchRequestDto {}
const FULL: ArgumentMetadata = { type: 'body', metatype: FullyValidated };
const pipe = new DepthLimitedValidationPipe();

async function outcome(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
  try {
    return { accepted: { ...((await pipe.transform(value, metadata)) as object) } };
  } catch (error) {
    if (error instanceof BadRequestException) return { refused: error.getResponse() };
    throw error;
  }
}

describe('MatchRequestDto validation', () => {
  it('takes a well-formed sighting without class-validator, as the same instance the full path builds', async () => {
    const validate = jest.spyOn(ValidationPipe.prototype, 'transform');
    const accepted = await pipe.transform({ own_token: OWN, detected_token: DETECTED }, BODY);
    expect(validate).not.toHaveBeenCalled();
    validate.mockRestore();
    expect(accepted).toBeInstanceOf(MatchRequestDto);
    const built = await pipe.transform({ own_token: OWN, detected_token: DETECTED }, FULL);
    expect(built).toBeInstanceOf(FullyValidated);
    expect(Object.entries(accepted as object)).toStrictEqual(Object.entries(built as object));
  });

  it.each([
    ['the fields in the other order', { detected_token: DETECTED, own_token: OWN }],
    ['an extra field', { own_token: OWN, detected_token: DETECTED, rssi: -60 }],
    ['a missing field', { own_token: OWN }],
    ['no fields', {}],
    ['a number for a token', { own_token: OWN, detected_token: 42 }],
    ['a short token', { own_token: OWN, detected_token: DETECTED.slice(1) }],
    ['a token with a padding character', { own_token: OWN, detected_token: `${DETECTED.slice(1)}=` }],
    ['a token with a trailing newline', { own_token: OWN, detected_token: `${DETECTED}\n` }],
    ['an array of tokens', { own_token: [OWN], detected_token: DETECTED }],
    ['an undefined field', { own_token: OWN, detected_token: DETECTED, extra: undefined }],
    ['null', null],
    ['an array', [OWN, DETECTED]],
    ['a string', OWN],
    ['an object with a prototype field', JSON.parse(`{"own_token":"${OWN}","__proto__":{"x":1}}`)],
    ['a class instance', Object.assign(new Date(), { own_token: OWN, detected_token: DETECTED })],
  ])('answers %s exactly as the full validation', async (_name, value) => {
    expect(await outcome(value, BODY)).toStrictEqual(await outcome(value, FULL));
  });
});

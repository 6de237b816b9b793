import { BadRequestException, ValidationPipe, type ArgumentMetadata, type Type } from '@nestjs/common';
import { DepthLimitedValidationPipe } from '@sighej/shared';

const pipe = new DepthLimitedValidationPipe();

/** `value` as the body parser hands it over. */
const parsed = (value: object): unknown => JSON.parse(JSON.stringify(value));

/** What the service's pipe makes of `value` as a body of `metatype`: the DTO's fields, or the 400. */
export async function validationOutcome(value: unknown, metatype: Type): Promise<unknown> {
  try {
    return { accepted: { ...((await pipe.transform(value, { type: 'body', metatype })) as object) } };
  } catch (error) {
    if (error instanceof BadRequestException) return { refused: error.getResponse() };
    throw error;
  }
}

/**
 * Checks a DTO's valid-input shortcut against the full validation of the same decorators (a
 * subclass, which has no shortcut): `valid` must be taken without class-validator and built
 * alike, every value of `others` answered exactly alike.
 */
export function describeValidInputShortcut(
  metatype: Type,
  valid: object,
  others: ReadonlyArray<readonly [string, unknown]>,
): void {
  class FullyValidated extends (metatype as new () => object) {}
  const body: ArgumentMetadata = { type: 'body', metatype };

  it('takes well-formed input without class-validator, as the same instance the full path builds', async () => {
    const validate = jest.spyOn(ValidationPipe.prototype, 'transform');
    const accepted = await pipe.transform(parsed(valid), body);
    expect(validate).not.toHaveBeenCalled();
    validate.mockRestore();
    expect(accepted).toBeInstanceOf(metatype);
    const built = await pipe.transform(parsed(valid), { type: 'body', metatype: FullyValidated });
    expect(built).toBeInstanceOf(FullyValidated);
    expect(Object.entries(accepted as object)).toStrictEqual(Object.entries(built as object));
  });

  it.each(others)('answers %s exactly as the full validation', async (_name, value) => {
    expect(await validationOutcome(value, metatype)).toStrictEqual(
      await validationOutcome(value, FullyValidated),
    );
  });
}

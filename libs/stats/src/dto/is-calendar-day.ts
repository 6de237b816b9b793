import { registerDecorator } from 'class-validator';
import { isCalendarDay } from '../calendar-day';

/** A real day written YYYY-MM-DD: 2026-02-30 and 2026-2-3 are refused. */
export function IsCalendarDay(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDay',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => isCalendarDay(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a real calendar day written YYYY-MM-DD`,
      },
    });
}

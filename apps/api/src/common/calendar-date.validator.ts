import { type ValidationOptions, ValidateBy, buildMessage } from 'class-validator';
import { isCalendarDate } from '@mou/domain';

/** A date that exists, written YYYY-MM-DD (2017-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: buildMessage(() => 'must be a real calendar date written YYYY-MM-DD', options),
      },
    },
    options,
  );
}

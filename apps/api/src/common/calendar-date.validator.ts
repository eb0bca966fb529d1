import { type ValidationOptions, ValidateBy, buildMessage } from 'class-validator';
import { earliestDate, isRegisterDate, latestDate } from '@mou/domain';

/** A date that exists, written YYYY-MM-DD (2017-02-30 is refused), within the register's span (isRegisterDate). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isRegisterDate(value),
        defaultMessage: buildMessage(
          () => `must be a real calendar date written YYYY-MM-DD, from ${earliestDate} to ${latestDate}`,
          options,
        ),
      },
    },
    options,
  );
}

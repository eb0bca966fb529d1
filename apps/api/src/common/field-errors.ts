import { ValidationError } from 'class-validator';

export interface FieldError {
  field: string;
  message: string;
}

/** Flattens class-validator's tree into `parties.0.country: must be …` entries. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      // class-validator starts messages with the property name; the field already says it.
      message:
        constraint === 'whitelistValidation'
          ? 'is not a field this request accepts'
          : message.startsWith(`${error.property} `)
            ? message.slice(error.property.length + 1)
            : message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

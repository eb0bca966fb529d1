import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * May be left out, but not sent as null: for fields a record cannot be without
 * (kind, parties…). Plain @IsOptional() lets null through, which a PATCH reads as "clear".
 */
export function IsOptionalNotNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_, value) => value !== undefined, options);
}

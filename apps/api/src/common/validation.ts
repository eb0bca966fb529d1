import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors } from './field-errors.js';

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return new BadRequestException({
        message: fieldErrors.map((e) => `${e.field} ${e.message}`).join('; '),
        code: 'VALIDATION_FAILED',
        errors: fieldErrors,
      });
    },
  });
}

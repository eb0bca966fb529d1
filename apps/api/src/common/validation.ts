import { ValidationPipe } from '@nestjs/common';
import { DomainError } from '@mou/domain';
import { flattenValidationErrors } from './field-errors.js';

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => DomainError.invalid(flattenValidationErrors(errors)),
  });
}

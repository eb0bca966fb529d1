import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@mou/domain';

/** Route ids are uuids; anything else is a 400 naming the parameter. */
export const uuidParam = (field = 'id') =>
  new ParseUUIDPipe({
    exceptionFactory: () => DomainError.invalid([{ field, message: 'must be a uuid' }]),
  });

import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Route ids are uuids; anything else is a 400 naming the parameter. */
export const uuidParam = (field = 'id') =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      new BadRequestException({
        message: `${field} must be a uuid`,
        code: 'VALIDATION_FAILED',
        errors: [{ field, message: 'must be a uuid' }],
      }),
  });

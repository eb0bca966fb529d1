import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/** The path of the first string holding a NUL character, which PostgreSQL text cannot store. */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = findNul(inner, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** Turns a NUL character anywhere in a body, query or parameter into a 400 naming the field. */
export class NulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const field = findNul(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (field !== null) {
      const name = field || metadata.data || metadata.type;
      throw new BadRequestException({
        message: `${name} must not contain a NUL character`,
        code: 'VALIDATION_FAILED',
        errors: [{ field: name, message: 'must not contain a NUL character' }],
      });
    }
    return value;
  }
}

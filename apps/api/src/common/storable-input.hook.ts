import { DomainError } from '@mou/domain';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FieldError } from './field-errors.js';

/** Deeper than any body a route takes (about 4 levels) by far, and shallow enough for any recursive reader. */
export const MAX_INPUT_DEPTH = 32;

// A UTF-16 surrogate not part of a pair: UTF-8 cannot encode it, so the driver would send
// U+FFFD instead (what was checked and hashed is not what is stored), or PostgreSQL refuses it.
const loneSurrogate = /\p{Cs}/u;

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  if (loneSurrogate.test(text)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return null;
}

/** A path as the API names fields (`parties.0.organization`), printable even when a key is not. */
function fieldName(path: readonly string[], fallback: string): string {
  return path.length ? path.map((key) => key.replace(/\p{Cs}/gu, '\ufffd')).join('.') : fallback;
}

/**
 * The first thing in `value` PostgreSQL cannot store as sent (a NUL character or a lone
 * surrogate, in a value or a key) or nested deeper than MAX_INPUT_DEPTH, as a field
 * error; null when there is none. Walks with a stack of its own, never recursion, so no
 * input can overflow the call stack here.
 */
export function findUnstorableInput(value: unknown, fallback: string): FieldError | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (typeof item.value === 'string') {
      const problem = textProblem(item.value);
      if (problem) return { field: fieldName(item.path, fallback), message: problem };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.path.length >= MAX_INPUT_DEPTH) {
      return { field: fieldName(item.path, fallback), message: `nests deeper than ${MAX_INPUT_DEPTH} levels` };
    }
    const entries = Object.entries(item.value);
    // Pushed last to first, so the first field in the body is reported first.
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, inner] = entries[i];
      const path = [...item.path, key];
      const problem = textProblem(key);
      if (problem) return { field: fieldName(path, fallback), message: problem };
      stack.push({ value: inner, path });
    }
  }
  return null;
}

/**
 * Every route's path parameters, query and body are checked here, once, before any guard,
 * pipe or handler reads them (Fastify's preValidation runs after parsing, before Nest): a
 * value PostgreSQL cannot store as sent, or a body deep enough to overflow a recursive
 * reader, is a 400 naming the field. Registered before any route exists.
 */
export function registerStorableInputCheck(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', (request, _reply, done) => {
      const problem =
        findUnstorableInput(request.params, 'path') ??
        findUnstorableInput(request.query, 'query') ??
        findUnstorableInput(request.body, 'body');
      if (!problem) return done();
      // Handed on like any route's error: Nest's exception filter answers it (domainErrorResponse).
      done(DomainError.invalid([problem]));
    });
}

import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Thrown when an environment variable is missing or malformed; its message is one line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function firstProblem(errors: ValidationError[], env: Record<string, string | undefined>): string {
  const error = errors[0];
  // A type check ("must be an integer") explains more than a range check on NaN.
  const constraints = Object.entries(error.constraints ?? {}).sort(([a], [b]) => rank(a) - rank(b));
  const message = (constraints[0]?.[1] ?? 'is invalid').replace(new RegExp(`^${error.property} `), '');
  return `${error.property} ${message} (got ${JSON.stringify(env[error.property] ?? error.value)})`;
}

function rank(constraint: string): number {
  return constraint.startsWith('is') || constraint === 'matches' ? 0 : 1;
}

/**
 * Reads one feature's variables into a typed, validated object. Defaults live on the
 * class fields; a bad value stops the process with a single line naming the variable.
 */
export function validateEnv<T extends object>(
  schema: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const instance = plainToInstance(schema, present, { enableImplicitConversion: true });
  const errors = validateSync(instance, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration: ${firstProblem(errors, env)}`);
  }
  return instance;
}

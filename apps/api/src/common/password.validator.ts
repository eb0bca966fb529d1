import { ValidateBy, type ValidationArguments } from 'class-validator';
import { passwordProblem } from '@mou/domain';

/** The person's own details on the same body, which a password must not be made of. */
function personalDetails(args: ValidationArguments): string[] {
  const body = args.object as { email?: unknown; displayName?: unknown };
  return [body.email, body.displayName].filter((value): value is string => typeof value === 'string');
}

/**
 * Refuses a new password that zxcvbn finds easy to guess, and says why (see
 * passwordProblem). Put after the length check, so a short password is told its length.
 */
export const HardToGuess = () => {
  // What validate found, for the message: judging a password costs up to a few hundred ms.
  const problems = new WeakMap<object, string>();
  return ValidateBy({
    name: 'hardToGuess',
    validator: {
      async validate(value: unknown, args?: ValidationArguments): Promise<boolean> {
        if (typeof value !== 'string' || !args) return true;
        const problem = await passwordProblem(value, personalDetails(args));
        if (problem) problems.set(args.object, problem);
        return problem === null;
      },
      defaultMessage: (args?: ValidationArguments) => (args && problems.get(args.object)) ?? 'is too easy to guess',
    },
  });
};

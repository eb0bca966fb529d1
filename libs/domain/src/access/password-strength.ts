import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** zxcvbn's "safely unguessable" (about 10^8 guesses and up); 0–2 are refused. */
export const MIN_PASSWORD_SCORE = 3;

/**
 * zxcvbn judges only this many characters: its matching grows steeply with length (a
 * random 200-character string took seconds), and every guess it could find is in the
 * start of a password anyway.
 */
const JUDGED_LENGTH = 32;

let estimator: Promise<ZxcvbnFactory> | undefined;

/**
 * The estimator with its dictionaries, loaded on first use: they are megabytes of
 * JavaScript, which a process that never judges a password (the worker) need not parse.
 */
async function loadEstimator(): Promise<ZxcvbnFactory> {
  const [{ ZxcvbnFactory }, common, english] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  return new ZxcvbnFactory({
    maxLength: JUDGED_LENGTH,
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
}

/**
 * Why a new password is too easy to guess, or null when it is not: zxcvbn's estimate
 * against its lists of common passwords, names and English words, keyboard patterns,
 * repeats, sequences and dates, and the person's own details (`userInputs`: an email
 * and name, say).
 */
export async function passwordProblem(
  password: string,
  userInputs: Array<string | undefined> = [],
): Promise<string | null> {
  estimator ??= loadEstimator();
  const words = userInputs.flatMap((input) => (input ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u));
  const { score, feedback } = (await estimator).check(
    password,
    words.filter((word) => word.length >= 3),
  );
  if (score >= MIN_PASSWORD_SCORE) return null;
  const why = feedback.warning ?? 'It is made of common words or patterns.';
  const hints = feedback.suggestions.length ? feedback.suggestions.join(' ') : 'Add more words that are less common.';
  return `is too easy to guess: ${why} ${hints}`;
}

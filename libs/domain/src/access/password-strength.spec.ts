import { describe, expect, it } from '@jest/globals';
import { passwordProblem } from './password-strength.js';

describe('passwordProblem', () => {
  it.each([
    ['aaaaaaaaaaaa', /Repeated characters/],
    ['password1234', /commonly used password/],
    ['Password123!', /commonly used password/],
    ['qwertyuiop12', /commonly used password|keyboard/i],
    ['abcdefghijkl', /too easy to guess/],
  ])('refuses %s and says why', async (password, why) => {
    const problem = await passwordProblem(password);
    expect(problem).toMatch(/^is too easy to guess: /);
    expect(problem).toMatch(why);
  });

  it('refuses a password made of the person’s own details', async () => {
    expect(await passwordProblem('somchaijaidee')).toBeNull();
    expect(await passwordProblem('somchaijaidee', ['somchai@mdes.go.th', 'Somchai Jaidee'])).toMatch(
      /too easy to guess/,
    );
  });

  it('accepts passphrases and random strings', async () => {
    for (const password of ['correct horse battery staple', 'a brand new passphrase', 'pv3wwoXQnJisUfMY6PrY']) {
      expect(await passwordProblem(password)).toBeNull();
    }
  });

  it('judges a very long password quickly, by its start', async () => {
    const started = Date.now();
    expect(await passwordProblem('aB3$'.repeat(50))).toMatch(/too easy to guess/);
    expect(await passwordProblem(`${'tangerine piano glacier '.repeat(8)}`)).toBeNull();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

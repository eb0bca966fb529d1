import { describe, expect, it } from '@jest/globals';
import { passwordProblem } from './password-strength.js';

describe('passwordProblem', () => {
  it.each([
    ['aaaaaaaaaaaa', /Repeated characters/],
    ['password1234', /commonly used password/],
    ['Password123!', /commonly used password/],
    ['qwertyuiop12', /commonly used password|keyboard/i],
    ['abcdefghijkl', /too easy to guess/],
  ])('refuses %s and says why', (password, why) => {
    expect(passwordProblem(password)).toMatch(/^is too easy to guess: /);
    expect(passwordProblem(password)).toMatch(why);
  });

  it('refuses a password made of the person’s own details', () => {
    expect(passwordProblem('somchaijaidee')).toBeNull();
    expect(passwordProblem('somchaijaidee', ['somchai@mdes.go.th', 'Somchai Jaidee'])).toMatch(/too easy to guess/);
  });

  it('accepts passphrases and random strings', () => {
    for (const password of ['correct horse battery staple', 'a brand new passphrase', 'pv3wwoXQnJisUfMY6PrY']) {
      expect(passwordProblem(password)).toBeNull();
    }
  });

  it('judges a very long password quickly, by its start', () => {
    const started = Date.now();
    expect(passwordProblem('aB3$'.repeat(50))).toMatch(/too easy to guess/);
    expect(passwordProblem(`${'tangerine piano glacier '.repeat(8)}`)).toBeNull();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

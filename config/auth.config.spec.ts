import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadAuthConfig, PUBLISHED_JWT_SECRET, validateAllConfig } from './index.js';

const ownSecret = 'a-secret-of-our-own-that-is-long-enough-0123456789';

describe('auth configuration', () => {
  it('refuses the JWT_SECRET once published in the repository, in any environment, with one clear line', () => {
    for (const env of [
      { JWT_SECRET: PUBLISHED_JWT_SECRET },
      { NODE_ENV: 'production', JWT_SECRET: PUBLISHED_JWT_SECRET },
    ]) {
      let error: unknown;
      try {
        loadAuthConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toBe(
        'Invalid configuration: JWT_SECRET is a published value anyone can sign with; set a secret of your own or leave it unset',
      );
      // validateAllConfig, which every process runs first, says the same.
      expect(() => validateAllConfig(env)).toThrow(message);
    }
  });

  it('leaves the key to the installation when JWT_SECRET is unset, in production too, and takes an own secret', () => {
    expect(loadAuthConfig({}).jwtSecret).toBeUndefined();
    expect(loadAuthConfig({ NODE_ENV: 'production' }).jwtSecret).toBeUndefined();
    expect(loadAuthConfig({ NODE_ENV: 'production', JWT_SECRET: ownSecret }).jwtSecret).toBe(ownSecret);
  });

  it('refuses a short secret, a lone ADMIN_EMAIL and a bad limit, naming the variable', () => {
    expect(() => loadAuthConfig({ JWT_SECRET: 'short' })).toThrow(/^Invalid configuration: JWT_SECRET /);
    expect(() => loadAuthConfig({ ADMIN_EMAIL: 'a@b.go.th' })).toThrow(/ADMIN_EMAIL and ADMIN_PASSWORD go together/);
    expect(() => loadAuthConfig({ LOGIN_WINDOW_SECONDS: '0' })).toThrow(
      /^Invalid configuration: LOGIN_WINDOW_SECONDS /,
    );
  });

  it('reads CORS_ORIGINS as a trimmed list, empty by default, and lower-cases ADMIN_EMAIL', () => {
    expect(loadAuthConfig({}).corsOrigins).toEqual([]);
    expect(loadAuthConfig({ CORS_ORIGINS: ' https://a.go.th , https://b.go.th,' }).corsOrigins).toEqual([
      'https://a.go.th',
      'https://b.go.th',
    ]);
    const admin = loadAuthConfig({ ADMIN_EMAIL: 'Chief@MDES.go.th', ADMIN_PASSWORD: 'long enough password' });
    expect(admin.adminEmail).toBe('chief@mdes.go.th');
  });
});

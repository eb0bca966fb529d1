// Types only: the plugin itself is registered in configure-app.ts.
import type {} from '@fastify/cookie';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appConfig, authConfig } from '@mou/config';
import { DomainError } from '@mou/domain';

/** The browser console's refresh token travels in this cookie (httpOnly, SameSite=Strict, Path=/auth). */
export const REFRESH_COOKIE = 'mou_refresh';

/** Only the auth routes ever receive it. */
const COOKIE_PATH = '/auth';

/**
 * The refresh token as a cookie, for the browser console: no page script can read it
 * (httpOnly), no other site's page can make the browser send it (SameSite=Strict), and
 * only the auth routes get it (Path=/auth). API clients keep using the JSON body.
 */
@Injectable()
export class RefreshCookie {
  constructor(
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  set(reply: FastifyReply, refreshToken: string): void {
    void reply.setCookie(REFRESH_COOKIE, refreshToken, {
      ...this.attributes(),
      maxAge: this.auth.refreshTtlDays * 86_400,
    });
  }

  clear(reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, this.attributes());
  }

  read(request: FastifyRequest): string | undefined {
    const value = request.cookies?.[REFRESH_COOKIE];
    return value ? value : undefined;
  }

  /**
   * A cookie is sent by the browser whoever's page asks, so a refresh or sign-out that
   * relies on it is refused when the request says it comes from another origin (CSRF; a
   * browser sends Origin on every cross-site POST). SameSite=Strict already keeps other
   * sites' requests from carrying it; this also covers sibling subdomains, which count
   * as the same site. Hosts are compared, not schemes: behind a proxy that ends TLS the
   * API sees http while the browser's page is https.
   */
  assertSameOrigin(request: FastifyRequest): void {
    const origin = request.headers.origin;
    if (origin === undefined || hostOf(origin) === request.host.toLowerCase()) return;
    throw new DomainError('CROSS_ORIGIN_COOKIE', `A request from ${origin} may not use the session cookie of this API`);
  }

  private attributes() {
    return {
      path: COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict' as const,
      secure: this.app.nodeEnv === 'production',
    };
  }
}

/** The host (and port) an Origin header names; null for "null" and anything unreadable. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

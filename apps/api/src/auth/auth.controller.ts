import { Body, Controller, Get, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor as ActorType, type AuthenticatedUser, DomainError } from '@mou/domain';
import { Actor, actorOf } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorResponseDto } from '../common/error-response.js';
import { BeforePasswordChange, Public, Readers, SignInOptional } from './access.decorators.js';
import { AuthService, type Origin } from './auth.service.js';
import { AuthUserResponse, TokenPairResponse } from './dto/auth.response.js';
import { ChangePasswordDto, LoginDto, RefreshDto, UpdatePreferencesDto } from './dto/login.dto.js';
import { REFRESH_COOKIE, RefreshCookie } from './refresh-cookie.js';

type AuthedRequest = FastifyRequest & { user: AuthenticatedUser };
type Reply = FastifyReply;

function originOf(request: FastifyRequest): Origin {
  const { requestId, ip, userAgent } = actorOf(request);
  return { requestId, ip, userAgent };
}

const tooMany = ApiResponse({
  status: 429,
  description: 'Too many failed attempts from this account or address: wait Retry-After seconds',
  type: ErrorResponseDto,
  headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
});

const setCookieHeader = {
  'Set-Cookie': {
    description: `${REFRESH_COOKIE}=<refresh token>; Path=/auth; HttpOnly; SameSite=Strict (Secure in production)`,
    schema: { type: 'string' },
  },
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookie: RefreshCookie,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'login',
    summary: 'Sign in with email and password; returns an access token and a refresh token',
    description:
      'A wrong password, an unknown email and a deactivated account all get the same 401. Failed attempts are ' +
      'limited per account and per client address (LOGIN_MAX_FAILURES_PER_ACCOUNT / _PER_IP within ' +
      'LOGIN_WINDOW_SECONDS); past the limit every attempt gets 429 until the window ends. The refresh token is ' +
      `also set as the ${REFRESH_COOKIE} cookie (httpOnly, SameSite=Strict, Path=/auth) for the browser console.`,
  })
  @ApiOkResponse({ type: TokenPairResponse, headers: setCookieHeader })
  @ApiErrors(400, 401)
  @tooMany
  async login(
    @Body() dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<TokenPairResponse> {
    const pair = await this.auth.login(dto, originOf(request));
    this.cookie.set(reply, pair.refreshToken);
    return pair;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'refreshSession',
    summary: 'Exchange a refresh token for a new pair (each refresh token works once)',
    description:
      'The refresh token given is revoked and replaced. Presenting one that was already exchanged ends every ' +
      'session of the account (token theft) and gets 401. Without refreshToken in the body, the ' +
      `${REFRESH_COOKIE} cookie is used (and rotated); such a request whose Origin is another site’s gets 403 ` +
      'CROSS_ORIGIN_COOKIE. The new refresh token is also set as the cookie.',
  })
  @ApiCookieAuth(REFRESH_COOKIE)
  // The console sends no body at all: its token is the cookie.
  @ApiBody({ type: RefreshDto, required: false })
  @ApiOkResponse({ type: TokenPairResponse, headers: setCookieHeader })
  @ApiErrors(400, 401, 403)
  @tooMany
  async refresh(
    @Body() dto: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<TokenPairResponse> {
    const fromBody = dto?.refreshToken ?? undefined;
    const token = fromBody ?? this.cookie.read(request);
    if (!token) {
      // As before the cookie existed: a body without the token is invalid input, naming the field.
      throw DomainError.invalid([
        { field: 'refreshToken', message: `is required (or the ${REFRESH_COOKIE} cookie a sign-in sets)` },
      ]);
    }
    if (!fromBody) this.cookie.assertSameOrigin(request);
    try {
      const pair = await this.auth.refresh(token, originOf(request));
      this.cookie.set(reply, pair.refreshToken);
      return pair;
    } catch (error) {
      // A cookie that no longer opens a session is only dead weight in the browser.
      if (!fromBody && error instanceof DomainError && error.code === 'UNAUTHENTICATED') this.cookie.clear(reply);
      throw error;
    }
  }

  @Readers()
  @SignInOptional()
  @BeforePasswordChange()
  @ApiBearerAuth()
  @ApiCookieAuth(REFRESH_COOKIE)
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'logout',
    summary: 'Sign out everywhere: every access and refresh token of this account stops working',
    description:
      `With an access token, its account's sessions end; with the ${REFRESH_COOKIE} cookie (the browser console, ` +
      "even once its access token has gone), that session's account's too, and the cookie is cleared. Neither: " +
      "401. A cookie-only sign-out whose Origin is another site's gets 403 CROSS_ORIGIN_COOKIE.",
  })
  @ApiNoContentResponse({ headers: setCookieHeader })
  @ApiErrors(401)
  async logout(
    @Req() request: FastifyRequest & { user?: AuthenticatedUser },
    @Actor() actor: ActorType,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<void> {
    let cookieToken = this.cookie.read(request);
    if (!request.user) {
      if (!cookieToken) {
        throw new DomainError(
          'UNAUTHENTICATED',
          `Sign in first: send Authorization: Bearer <accessToken> or the ${REFRESH_COOKIE} cookie`,
        );
      }
      this.cookie.assertSameOrigin(request);
    } else if (cookieToken) {
      // With a token, another site's page (a CORS_ORIGINS client) signs out only that token's account.
      try {
        this.cookie.assertSameOrigin(request);
      } catch {
        cookieToken = undefined;
      }
    }
    await this.auth.logout(request.user, cookieToken, actor);
    if (cookieToken) this.cookie.clear(reply);
  }

  @Readers()
  @BeforePasswordChange()
  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({
    operationId: 'getMe',
    summary: 'The signed-in user',
  })
  @ApiOkResponse({ type: AuthUserResponse })
  @ApiErrors(401)
  me(@Req() request: AuthedRequest): Promise<AuthUserResponse> {
    return this.auth.me(request.user);
  }

  @Readers()
  @BeforePasswordChange()
  @ApiBearerAuth()
  @Patch('me')
  @ApiOperation({
    operationId: 'updateMe',
    summary: 'Change your language (th, en) or calendar (buddhist, gregorian); kept on the server, audited',
  })
  @ApiOkResponse({ type: AuthUserResponse })
  @ApiErrors(400, 401)
  updateMe(
    @Body() dto: UpdatePreferencesDto,
    @Req() request: AuthedRequest,
    @Actor() actor: ActorType,
  ): Promise<AuthUserResponse> {
    return this.auth.updatePreferences(request.user, dto, actor);
  }

  @Readers()
  @BeforePasswordChange()
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'changePassword',
    summary: 'Change your password; ends every session and returns a fresh token pair for this one',
    description:
      `Clears mustChangePassword. The new refresh token is also set as the ${REFRESH_COOKIE} cookie, since the ` +
      'old one stops working.',
  })
  @ApiOkResponse({ type: TokenPairResponse, headers: setCookieHeader })
  @ApiErrors(400, 401)
  @tooMany
  async changePassword(
    @Body() dto: ChangePasswordDto,
    @Req() request: AuthedRequest,
    @Actor() actor: ActorType,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<TokenPairResponse> {
    const pair = await this.auth.changePassword(request.user, dto, actor);
    this.cookie.set(reply, pair.refreshToken);
    return pair;
  }
}

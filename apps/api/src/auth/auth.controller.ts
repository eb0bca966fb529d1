import { Body, Controller, Get, HttpCode, Post, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor as ActorType, AuthenticatedUser } from '@mou/domain';
import { Actor, actorOf } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorResponseDto } from '../common/error-response.js';
import { Public, Readers } from './access.decorators.js';
import { AuthService, type Origin } from './auth.service.js';
import { AuthUserResponse, TokenPairResponse } from './dto/auth.response.js';
import { ChangePasswordDto, LoginDto, RefreshDto } from './dto/login.dto.js';
import { RetryAfterInterceptor } from './retry-after.interceptor.js';

type AuthedRequest = FastifyRequest & { user: AuthenticatedUser };

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

@ApiTags('auth')
@Controller('auth')
@UseInterceptors(RetryAfterInterceptor)
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'login',
    summary: 'Sign in with email and password; returns an access token and a refresh token',
    description:
      'A wrong password, an unknown email and a deactivated account all get the same 401. Failed attempts are ' +
      'limited per account and per client address (LOGIN_MAX_FAILURES_PER_ACCOUNT / _PER_IP within ' +
      'LOGIN_WINDOW_SECONDS); past the limit every attempt gets 429 until the window ends.',
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401)
  @tooMany
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairResponse> {
    return this.auth.login(dto, originOf(request));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'refreshSession',
    summary: 'Exchange a refresh token for a new pair (each refresh token works once)',
    description:
      'The refresh token given is revoked and replaced. Presenting one that was already exchanged ends every ' +
      'session of the account (token theft) and gets 401.',
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401)
  @tooMany
  refresh(@Body() dto: RefreshDto, @Req() request: FastifyRequest): Promise<TokenPairResponse> {
    return this.auth.refresh(dto.refreshToken, originOf(request));
  }

  @Readers()
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'logout',
    summary: 'Sign out everywhere: every access and refresh token of this account stops working',
  })
  @ApiNoContentResponse()
  @ApiErrors(401)
  async logout(@Req() request: AuthedRequest, @Actor() actor: ActorType): Promise<void> {
    await this.auth.logout(request.user, actor);
  }

  @Readers()
  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({
    operationId: 'getMe',
    summary: 'The signed-in user',
  })
  @ApiOkResponse({ type: AuthUserResponse })
  @ApiErrors(401)
  me(@Req() request: AuthedRequest): AuthUserResponse {
    return this.auth.me(request.user);
  }

  @Readers()
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'changePassword',
    summary: 'Change your password; ends every session and returns a fresh token pair for this one',
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401)
  @tooMany
  changePassword(
    @Body() dto: ChangePasswordDto,
    @Req() request: AuthedRequest,
    @Actor() actor: ActorType,
  ): Promise<TokenPairResponse> {
    return this.auth.changePassword(request.user, dto, actor);
  }
}

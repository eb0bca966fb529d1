import { Global, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { authConfig } from '@mou/config';
import { AccessGuard } from './access.guard.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { InstallationSecretRepository } from './installation-secret.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password.hasher.js';
import { RefreshCookie } from './refresh-cookie.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { Sessions } from './sessions.js';
import { loadSigningKey } from './signing-key.js';
import { UsersRepository } from '../users/users.repository.js';

/** Sign-in, sessions, and the guard every route passes through. */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [authConfig.KEY, getDataSourceToken()],
      useFactory: async (config: ConfigType<typeof authConfig>, db: DataSource) => ({
        // Built by hand: the JWT module is configured before this module's providers exist.
        secret: await loadSigningKey(new InstallationSecretRepository(db), config.jwtSecret),
        signOptions: { expiresIn: config.accessTtlSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    AuthService,
    LoginThrottle,
    PasswordHasher,
    RefreshCookie,
    RefreshTokensRepository,
    Sessions,
    // app_user's statements: sign-in and the guard read it here; UsersModule uses the same provider.
    UsersRepository,
  ],
  exports: [JwtModule, PasswordHasher, Sessions, UsersRepository],
})
export class AuthModule {}

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
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password.hasher.js';
import { RefreshCookie } from './refresh-cookie.js';
import { Sessions } from './sessions.js';
import { loadSigningKey } from './signing-key.js';

/** Sign-in, sessions, and the guard every route passes through. */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [authConfig.KEY, getDataSourceToken()],
      useFactory: async (config: ConfigType<typeof authConfig>, db: DataSource) => ({
        secret: await loadSigningKey(db, config.jwtSecret),
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
    Sessions,
  ],
  exports: [JwtModule, PasswordHasher, Sessions],
})
export class AuthModule {}

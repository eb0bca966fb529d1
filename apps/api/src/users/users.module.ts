import { Module } from '@nestjs/common';
import { FirstAdminBootstrap } from './first-admin.bootstrap.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** Accounts, kept by admins; and the first admin on a fresh installation. */
@Module({
  controllers: [UsersController],
  // UsersRepository comes from AuthModule (global), which signs users in with it.
  providers: [UsersService, FirstAdminBootstrap],
})
export class UsersModule {}

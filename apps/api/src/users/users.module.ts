import { Module } from '@nestjs/common';
import { FirstAdminBootstrap } from './first-admin.bootstrap.js';
import { UsersController } from './users.controller.js';
import { UsersQuery } from './users.query.js';
import { UsersService } from './users.service.js';

/** Accounts, kept by admins; and the first admin on a fresh installation. */
@Module({
  controllers: [UsersController],
  providers: [UsersService, UsersQuery, FirstAdminBootstrap],
})
export class UsersModule {}

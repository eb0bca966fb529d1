import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor as ActorType } from '@mou/domain';
import { AdminOnly } from '../auth/access.decorators.js';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { uuidParam } from '../common/uuid.pipe.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ListUsersQuery } from './dto/list-users.query.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserPage, UserResponse } from './dto/user.response.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@AdminOnly()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({
    operationId: 'createUser',
    summary: 'Create a user (admins only); the email is stored lower case',
  })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(400, 401, 403, 409)
  create(@Body() dto: CreateUserDto, @Actor() actor: ActorType): Promise<UserResponse> {
    return this.users.create(dto, actor);
  }

  @Get()
  @ApiOperation({
    operationId: 'listUsers',
    summary: 'Users by email, filtered by role, agency or active; keyset pages with a total',
  })
  @ApiOkResponse({ type: UserPage })
  @ApiErrors(400, 401, 403)
  list(@Query() query: ListUsersQuery): Promise<UserPage> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getUser',
    summary: 'One user',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@Param('id', uuidParam()) id: string): Promise<UserResponse> {
    return this.users.findOne(id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateUser',
    summary: 'Edit a user; send the version you read',
    description:
      'A role change, a deactivation or a new password ends every session of the user at once. ' +
      'The last active admin cannot be demoted or deactivated (409 LAST_ADMIN).',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateUserDto,
    @Actor() actor: ActorType,
  ): Promise<UserResponse> {
    return this.users.update(id, dto, actor);
  }
}

import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length } from 'class-validator';
import { roles } from '@mou/domain';
import { NotBlank } from '../../common/blank.validator.js';
import { HardToGuess } from '../../common/password.validator.js';

/** Validation shared by create and edit; type checks first (class-validator runs them in this order). */
export const DisplayName = () => applyDecorators(IsString(), Length(1, 200), NotBlank());
export const Agency = () => applyDecorators(IsString(), Length(1, 300), NotBlank());
export const UserRole = () => IsIn(roles, { message: `must be one of ${roles.join(', ')}` });
/** 12 to 200 characters, and not easy to guess (common passwords, patterns, the user's own email or name). */
export const NewPassword = () =>
  applyDecorators(IsString(), Length(12, 200, { message: 'must be 12 to 200 characters' }), HardToGuess());

/** Emails are stored lower case (the table refuses anything else); surrounding spaces go. */
export const LowerCase = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

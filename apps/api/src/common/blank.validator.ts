import { Matches } from 'class-validator';

/** More than white space (spaces, tabs, line breaks, U+3000…): a name or title someone can read. */
export const NotBlank = () => Matches(/\S/, { message: 'must not be blank' });

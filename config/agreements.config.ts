import { registerAs } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { validateEnv } from './env.validation.js';

export class AgreementsEnv {
  /** Days before expiry by which a party must give notice, when an agreement names none. */
  @IsInt()
  @Min(0)
  @Max(3650)
  DEFAULT_NOTICE_DAYS: number = 90;

  @IsInt()
  @Min(1)
  @Max(1200)
  DEFAULT_TERM_MONTHS: number = 60;
}

export interface AgreementsConfig {
  defaultNoticeDays: number;
  defaultTermMonths: number;
}

export function loadAgreementsConfig(env = process.env): AgreementsConfig {
  const v = validateEnv(AgreementsEnv, env);
  return { defaultNoticeDays: v.DEFAULT_NOTICE_DAYS, defaultTermMonths: v.DEFAULT_TERM_MONTHS };
}

export const agreementsConfig = registerAs('agreements', () => loadAgreementsConfig());

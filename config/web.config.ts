import { registerAs } from '@nestjs/config';
import { IsString, Length } from 'class-validator';
import { validateEnv } from './env.validation.js';

export class WebEnv {
  /** The browser console's build (vite's output); a relative path is read from the repository root. */
  @IsString()
  @Length(1, 1000)
  WEB_DIST_DIR: string = 'apps/web/dist';
}

export interface WebConfig {
  distDir: string;
}

export function loadWebConfig(env = process.env): WebConfig {
  return { distDir: validateEnv(WebEnv, env).WEB_DIST_DIR };
}

export const webConfig = registerAs('web', () => loadWebConfig());

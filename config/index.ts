export * from './env.validation.js';
export * from './app.config.js';
export * from './database.config.js';
export * from './redis.config.js';
export * from './agreements.config.js';
export * from './reminders.config.js';
export * from './auth.config.js';
export * from './web.config.js';
export * from './documents.config.js';
export * from './imports.config.js';

import { agreementsConfig } from './agreements.config.js';
import { appConfig } from './app.config.js';
import { databaseConfig } from './database.config.js';
import { redisConfig } from './redis.config.js';
import { remindersConfig } from './reminders.config.js';
import { authConfig } from './auth.config.js';
import { webConfig } from './web.config.js';
import { documentsConfig } from './documents.config.js';
import { importsConfig } from './imports.config.js';

/** Every feature config, for ConfigModule.forRoot({ load }). */
export const allConfigs = [
  appConfig,
  databaseConfig,
  redisConfig,
  agreementsConfig,
  remindersConfig,
  authConfig,
  webConfig,
  documentsConfig,
  importsConfig,
];

import { loadAgreementsConfig } from './agreements.config.js';
import { loadAppConfig } from './app.config.js';
import { loadDatabaseConfig } from './database.config.js';
import { loadRedisConfig } from './redis.config.js';
import { loadRemindersConfig } from './reminders.config.js';
import { loadAuthConfig } from './auth.config.js';
import { loadWebConfig } from './web.config.js';
import { loadDocumentsConfig } from './documents.config.js';
import { loadImportsConfig } from './imports.config.js';

/** Validates every variable up front so a bad one stops the process before anything connects. */
export function validateAllConfig(env = process.env): void {
  loadAppConfig(env);
  loadDatabaseConfig(env);
  loadRedisConfig(env);
  loadAgreementsConfig(env);
  loadRemindersConfig(env);
  loadAuthConfig(env);
  loadWebConfig(env);
  loadDocumentsConfig(env);
  loadImportsConfig(env);
}

import 'reflect-metadata';
import { exitOnStartupFailure, preflight } from '@mou/common';
import { loadAppConfig, validateAllConfig } from '@mou/config';
import { AppModule } from './app.module.js';
import { configureApp } from './configure-app.js';
import { createApp } from './create-app.js';

async function bootstrap(): Promise<void> {
  validateAllConfig();
  await preflight();
  const config = loadAppConfig();
  const app = configureApp(await createApp(AppModule));
  await app.listen(config.port, config.host);
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(
    `MOU Tracker API listening on http://${shown}:${config.port} — docs at http://${shown}:${config.port}/docs`,
  );
}

bootstrap().catch(exitOnStartupFailure('api'));

import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { exitOnStartupFailure, preflight } from '@mou/common';
import { loadAppConfig, validateAllConfig } from '@mou/config';
import { AppModule } from './app.module.js';
import { configureApp } from './configure-app.js';
import { createApp } from './create-app.js';

/**
 * A full collection once the heap has grown to twice what was live after the last one.
 * V8's default for a heap limit this large lets it grow to four times first: under bulk
 * work (an import plans and writes 60,000 rows, allocating fast) the server then held
 * 300 MB more than it had in use (docs/benchmarks.md, Import). This caps nothing: the heap
 * still grows to whatever live data needs, at the price of more frequent full collections
 * (not measurable in the import's times). Set here, not on a command line, so every way of
 * starting the API (npm start, the benches, a container) has it.
 */
setFlagsFromString('--heap-growing-percent=100');

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

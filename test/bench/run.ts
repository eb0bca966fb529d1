import { runApiBench } from './api.bench.js';
import { runConsoleBench } from './console.bench.js';
import { runDocumentsBench } from './documents.bench.js';
import { runExportsBench } from './exports.bench.js';
import { runImportBench } from './import.bench.js';
import { runRemindersBench } from './reminders.bench.js';

/**
 * Runs every benchmark, or those named on the command line (`node dist/test/bench/run.js
 * reminders`). Exits 1 when a bench fails to run; a figure that misses its target is
 * reported as MISS (and `"ok": false` in its JSON), and exits 1 only with BENCH_STRICT=1.
 */
const benches: Record<string, () => Promise<{ ok: boolean }>> = {
  reminders: runRemindersBench,
  exports: runExportsBench,
  api: runApiBench,
  documents: runDocumentsBench,
  import: runImportBench,
  console: runConsoleBench,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length) {
  console.error(`Unknown bench ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}

let failed = false;
let missed = false;
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  try {
    missed = !(await run()).ok || missed;
  } catch (error) {
    failed = true;
    console.error(`Bench ${name} failed:`, error);
  }
}
process.exit(failed || (missed && process.env.BENCH_STRICT === '1') ? 1 : 0);

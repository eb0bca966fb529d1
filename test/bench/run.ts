import { runRemindersBench } from './reminders.bench.js';

/**
 * Runs every benchmark, or those named on the command line (`node dist/test/bench/run.js
 * reminders`). Exits 1 when a bench fails or a figure misses its target.
 */
const benches: Record<string, () => Promise<{ ok: boolean }>> = {
  reminders: runRemindersBench,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length) {
  console.error(`Unknown bench ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}

let ok = true;
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  try {
    ok = (await run()).ok && ok;
  } catch (error) {
    ok = false;
    console.error(`Bench ${name} failed:`, error);
  }
}
process.exit(ok ? 0 : 1);

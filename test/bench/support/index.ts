// The benchmarks' shared helpers, one import for every bench. The child-process scripts
// (bare-server.ts, noop-worker.ts) are not here: they run on their own, never imported.
export * from './api-process.js';
export * from './bare-copy.js';
export * from './bench-database.js';
export * from './bench-run.js';
export * from './bench-user.js';
export * from './cpu.js';
export * from './dataset.js';
export * from './noop-delivery.js';
export * from './report.js';
export * from './scan-baseline.js';
export * from './webhook-sink.js';

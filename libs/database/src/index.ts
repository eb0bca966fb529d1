export * from './connection-error.js';
export * from './data-source.js';
export * from './database.module.js';
export * from './migrate.js';
export * from './pg-errors.js';
export * from './json-batches.js';
export * from './statement-samples.js';
export * from './query-rows.js';
export type * from './schema/schema.generated.js';

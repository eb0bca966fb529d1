export * from './clock.module.js';
export * from './config.module.js';
export * from './redis.module.js';
export * from './fatal.js';
export * from './preflight.js';
export * from './with-timeout.js';

export * from './audit-hash.js';
export * from './audit.service.js';

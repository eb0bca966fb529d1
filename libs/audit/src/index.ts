export * from './audit-hash.js';
export * from './audit.service.js';
export * from './audit-event.repository.js';

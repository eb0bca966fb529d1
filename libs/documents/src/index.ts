export * from './document.vocabulary.js';
export * from './blob-store.js';
export * from './postgres-blob.store.js';
export * from './documents.repository.js';
export * from './blob.repository.js';

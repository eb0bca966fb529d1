import type { EntityManager } from 'typeorm';

/** Bytes as stored: named by their SHA-256 (hex), so the same content is kept once. */
export interface StoredBlob {
  sha256: string;
  size: number;
  /** false when the same bytes were already stored and nothing new was written. */
  created: boolean;
}

/**
 * Where document bytes live. PostgreSQL by default (PostgresBlobStore), so a database
 * backup holds every file; an S3-compatible store can implement the same four calls (the
 * manager argument is the caller's transaction: a store outside PostgreSQL stages under a
 * temporary key and ignores it). Nothing here deletes.
 */
export interface BlobStore {
  /** Streams `source` in (never whole in memory) and names it by its SHA-256. */
  write(tx: EntityManager, source: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<StoredBlob>;
  /** The stored bytes in order, a chunk at a time; null when no such blob. */
  read(sha256: string, manager?: EntityManager): Promise<AsyncIterable<Buffer> | null>;
  /** Bytes [start, end) of a stored blob (zip directories are read from the end). */
  readRange(sha256: string, start: number, end: number, manager?: EntityManager): AsyncIterable<Buffer>;
  /** The size recorded for a blob, or null when there is none. */
  size(sha256: string, manager?: EntityManager): Promise<number | null>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');

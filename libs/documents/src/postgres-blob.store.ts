import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { BlobStore, StoredBlob } from './blob-store.js';
import { BlobRepository, chunkRowHeader, COPY_HEADER, COPY_TRAILER, type StoredBlobRow } from './blob.repository.js';

/** Rows of blob_chunk hold this many bytes (the last one fewer). */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

/**
 * Document bytes in PostgreSQL (blob, blob_chunk; statements in BlobRepository). Chunks are written as the upload streams (one
 * binary COPY), under an id drawn from blob_id_seq; the blob row (its SHA-256, known only at the end) is
 * inserted last and the chunks' foreign key is checked at commit. When the same bytes are
 * already stored, the chunks just written are rolled back to a savepoint: content is kept
 * once, and the application never deletes (it has no DELETE or UPDATE on either table).
 */
@Injectable()
export class PostgresBlobStore implements BlobStore {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly blobs: BlobRepository,
  ) {}

  async write(tx: EntityManager, source: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<StoredBlob> {
    const id = await this.blobs.nextId(tx);
    await this.blobs.savepoint(tx);
    const hash = createHash('sha256');
    let size = 0;
    let chunks = 0;
    // The transaction's own connection, for a binary COPY: the upload's pieces go to the
    // socket as they are (no copy into a bind message per chunk), with back-pressure.
    const copy = await this.blobs.chunkCopy(tx);
    async function* rows(): AsyncGenerator<Buffer> {
      yield COPY_HEADER;
      let held: Buffer[] = [];
      let heldBytes = 0;
      // One row per BLOB_CHUNK_BYTES: its header names the length, then the pieces follow as they came.
      const row = function* (bytes: number) {
        yield chunkRowHeader(id, chunks++, bytes);
        let left = bytes;
        while (left > 0) {
          const piece = held[0];
          if (piece.length <= left) {
            held.shift();
            left -= piece.length;
            yield piece;
          } else {
            held[0] = piece.subarray(left);
            yield piece.subarray(0, left);
            left = 0;
          }
        }
        heldBytes -= bytes;
      };
      for await (const piece of source) {
        hash.update(piece);
        size += piece.length;
        held.push(piece);
        heldBytes += piece.length;
        while (heldBytes >= BLOB_CHUNK_BYTES) yield* row(BLOB_CHUNK_BYTES);
      }
      if (heldBytes > 0) yield* row(heldBytes);
      held = [];
      yield COPY_TRAILER;
    }
    await pipeline(Readable.from(rows(), { objectMode: false }), copy);
    const sha = hash.digest();
    const created = await this.blobs.insert(tx, { id, sha256: sha, size, chunks });
    // Already stored: the chunks just written go (rolled back, never seen by anyone).
    if (!created) await this.blobs.rollbackToSavepoint(tx);
    await this.blobs.releaseSavepoint(tx);
    return { sha256: sha.toString('hex'), size, created };
  }

  async size(sha256: string, manager: EntityManager | DataSource = this.db): Promise<number | null> {
    const blob = await this.find(sha256, manager);
    return blob ? Number(blob.size_bytes) : null;
  }

  async read(sha256: string, manager: EntityManager | DataSource = this.db): Promise<AsyncIterable<Buffer> | null> {
    const blob = await this.find(sha256, manager);
    if (!blob) return null;
    return this.chunks(blob, manager);
  }

  /** One chunk per statement: memory holds one chunk whatever the file's size. */
  private async *chunks(blob: StoredBlobRow, manager: EntityManager | DataSource): AsyncIterable<Buffer> {
    for (let seq = 0; seq < blob.chunk_count; seq++) {
      const data = await this.blobs.chunk(manager, blob.id, seq);
      if (!data) throw new Error(`Chunk ${seq} of blob ${blob.id} is missing`);
      yield data;
    }
  }

  async *readRange(
    sha256: string,
    start: number,
    end: number,
    manager: EntityManager | DataSource = this.db,
  ): AsyncIterable<Buffer> {
    const blob = await this.find(sha256, manager);
    if (!blob) throw new Error(`No blob ${sha256}`);
    const last = Math.min(end, Number(blob.size_bytes));
    for (let at = start; at < last;) {
      const seq = Math.floor(at / BLOB_CHUNK_BYTES);
      const offset = at - seq * BLOB_CHUNK_BYTES;
      const length = Math.min(BLOB_CHUNK_BYTES - offset, last - at);
      const data = await this.blobs.chunkSlice(manager, blob.id, seq, offset, length);
      if (!data) throw new Error(`Chunk ${seq} of blob ${blob.id} is missing`);
      yield data;
      at += length;
    }
  }

  private find(sha256: string, manager: EntityManager | DataSource): Promise<StoredBlobRow | null> {
    return this.blobs.find(sha256, manager);
  }
}

/** SHA-256 (hex) of a byte stream, read a chunk at a time. */
export async function sha256Of(source: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source) hash.update(chunk);
  return hash.digest('hex');
}

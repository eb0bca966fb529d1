import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { BlobStore, StoredBlob } from './blob-store.js';

/** Rows of blob_chunk hold this many bytes (the last one fewer). */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

interface BlobRow {
  id: string;
  size_bytes: string;
  chunk_count: number;
}

/**
 * Every statement on blob and blob_chunk. Chunks are inserted as the upload streams, under
 * an id drawn from blob_id_seq; the blob row (its SHA-256, known only at the end) is
 * inserted last and the chunks' foreign key is checked at commit. When the same bytes are
 * already stored, the chunks just written are rolled back to a savepoint: content is kept
 * once, and the application never deletes (it has no DELETE or UPDATE on either table).
 */
@Injectable()
export class PostgresBlobStore implements BlobStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async write(tx: EntityManager, source: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<StoredBlob> {
    const [{ id }] = await tx.query(`SELECT nextval('blob_id_seq')::text AS id`);
    await tx.query('SAVEPOINT blob_write');
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    // One INSERT in flight while the next chunk is read: the upload and the writes overlap,
    // and at most two chunks are held.
    let inflight: Promise<unknown> = Promise.resolve();
    const flush = async (bytes: number) => {
      const all = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      const chunk = all.subarray(0, bytes);
      const rest = all.subarray(bytes);
      pending = rest.length ? [Buffer.from(rest)] : [];
      pendingBytes = rest.length;
      await inflight;
      inflight = tx.query('INSERT INTO blob_chunk (blob_id, seq, data) VALUES ($1, $2, $3)', [id, seq++, chunk]);
    };
    try {
      for await (const piece of source) {
        hash.update(piece);
        size += piece.length;
        pending.push(piece);
        pendingBytes += piece.length;
        while (pendingBytes >= BLOB_CHUNK_BYTES) await flush(BLOB_CHUNK_BYTES);
      }
      if (pendingBytes > 0) await flush(pendingBytes);
      await inflight;
    } catch (error) {
      await inflight.catch(() => undefined);
      throw error;
    }
    const sha = hash.digest();
    const inserted: unknown[] = await tx.query(
      `INSERT INTO blob (id, sha256, size_bytes, chunk_count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO NOTHING RETURNING id`,
      [id, sha, size, seq],
    );
    if (!inserted.length) await tx.query('ROLLBACK TO SAVEPOINT blob_write');
    await tx.query('RELEASE SAVEPOINT blob_write');
    return { sha256: sha.toString('hex'), size, created: inserted.length > 0 };
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
  private async *chunks(blob: BlobRow, manager: EntityManager | DataSource): AsyncIterable<Buffer> {
    for (let seq = 0; seq < blob.chunk_count; seq++) {
      const [row] = await manager.query('SELECT data FROM blob_chunk WHERE blob_id = $1 AND seq = $2', [blob.id, seq]);
      if (!row) throw new Error(`Chunk ${seq} of blob ${blob.id} is missing`);
      yield row.data as Buffer;
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
      // EXTERNAL storage: substring reads only the slices it needs.
      const [row] = await manager.query(
        'SELECT substring(data FROM $3 FOR $4) AS data FROM blob_chunk WHERE blob_id = $1 AND seq = $2',
        [blob.id, seq, offset + 1, length],
      );
      if (!row) throw new Error(`Chunk ${seq} of blob ${blob.id} is missing`);
      yield row.data as Buffer;
      at += length;
    }
  }

  private async find(sha256: string, manager: EntityManager | DataSource): Promise<BlobRow | null> {
    const [row] = await manager.query('SELECT id::text AS id, size_bytes, chunk_count FROM blob WHERE sha256 = $1', [
      Buffer.from(sha256, 'hex'),
    ]);
    return row ?? null;
  }
}

/** SHA-256 (hex) of a byte stream, read a chunk at a time. */
export async function sha256Of(source: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source) hash.update(chunk);
  return hash.digest('hex');
}

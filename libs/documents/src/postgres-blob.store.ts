import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { BlobStore, StoredBlob } from './blob-store.js';

/** Rows of blob_chunk hold this many bytes (the last one fewer). */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

/** PostgreSQL's binary COPY signature, flags and header extension length. */
const COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** A blob_chunk row in binary COPY: 3 fields, blob_id (int8), seq (int4), then data's length. */
function chunkRowHeader(blobId: string, seq: number, bytes: number): Buffer {
  const header = Buffer.alloc(2 + 4 + 8 + 4 + 4 + 4);
  header.writeInt16BE(3, 0);
  header.writeInt32BE(8, 2);
  header.writeBigInt64BE(BigInt(blobId), 6);
  header.writeInt32BE(4, 14);
  header.writeInt32BE(seq, 18);
  header.writeInt32BE(bytes, 22);
  return header;
}

interface BlobRow {
  id: string;
  size_bytes: string;
  chunk_count: number;
}

/**
 * Every statement on blob and blob_chunk. Chunks are written as the upload streams (one
 * binary COPY), under an id drawn from blob_id_seq; the blob row (its SHA-256, known only at the end) is
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
    let chunks = 0;
    // The transaction's own connection, for a binary COPY: the upload's pieces go to the
    // socket as they are (no copy into a bind message per chunk), with back-pressure.
    const client = (await (tx.queryRunner as unknown as { connect(): Promise<PoolClient> }).connect()) as PoolClient;
    const copy = client.query(copyFrom('COPY blob_chunk (blob_id, seq, data) FROM STDIN (FORMAT binary)'));
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
    const inserted: unknown[] = await tx.query(
      `INSERT INTO blob (id, sha256, size_bytes, chunk_count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO NOTHING RETURNING id`,
      [id, sha, size, chunks],
    );
    // Already stored: the chunks just written go (rolled back, never seen by anyone).
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

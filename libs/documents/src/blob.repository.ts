import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRow, queryRows, type BlobChunkRow, type BlobRow } from '@mou/database';

type Db = EntityManager | DataSource;

/** What reading a blob needs: its id and how many chunks hold its bytes. */
export type StoredBlobRow = Pick<BlobRow, 'id' | 'size_bytes' | 'chunk_count'>;

/** PostgreSQL's binary COPY signature, flags and header extension length. */
export const COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
export const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/**
 * A blob_chunk row in the binary COPY of chunkCopy: 3 fields, blob_id (int8), seq (int4),
 * then data's length; `bytes` of data follow.
 */
export function chunkRowHeader(blobId: string, seq: number, bytes: number): Buffer {
  const header = Buffer.alloc(2 + 4 + 8 + 4 + 4 + 4);
  header.writeInt16BE(3, 0);
  header.writeInt32BE(8, 2);
  header.writeBigInt64BE(BigInt(blobId), 6);
  header.writeInt32BE(4, 14);
  header.writeInt32BE(seq, 18);
  header.writeInt32BE(bytes, 22);
  return header;
}

/**
 * Every statement on blob and blob_chunk (PostgresBlobStore decides when). The
 * application never deletes nor updates either table.
 */
@Injectable()
export class BlobRepository {
  /** A fresh blob id from blob_id_seq, as text (bigint). */
  async nextId(tx: EntityManager): Promise<string> {
    const row = await queryRow<{ id: string }>(tx, `SELECT nextval('blob_id_seq')::text AS id`);
    return row!.id;
  }

  async savepoint(tx: EntityManager): Promise<void> {
    await tx.query('SAVEPOINT blob_write');
  }

  /** Forgets what was written since savepoint(). */
  async rollbackToSavepoint(tx: EntityManager): Promise<void> {
    await tx.query('ROLLBACK TO SAVEPOINT blob_write');
  }

  async releaseSavepoint(tx: EntityManager): Promise<void> {
    await tx.query('RELEASE SAVEPOINT blob_write');
  }

  /**
   * A binary COPY into blob_chunk on the transaction's own connection: rows framed by
   * COPY_HEADER, chunkRowHeader + data, COPY_TRAILER go to the socket as they are (no copy
   * into a bind message per chunk), with back-pressure.
   */
  async chunkCopy(tx: EntityManager): Promise<CopyStreamQuery> {
    const client = (await (tx.queryRunner as unknown as { connect(): Promise<PoolClient> }).connect()) as PoolClient;
    return client.query(copyFrom('COPY blob_chunk (blob_id, seq, data) FROM STDIN (FORMAT binary)'));
  }

  /** The blob row, last (its SHA-256 is known only at the end); false when the same bytes are already stored. */
  async insert(
    tx: EntityManager,
    blob: { id: string; sha256: Buffer; size: number; chunks: number },
  ): Promise<boolean> {
    const inserted = await queryRows<Pick<BlobRow, 'id'>>(
      tx,
      `INSERT INTO blob (id, sha256, size_bytes, chunk_count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO NOTHING RETURNING id`,
      [blob.id, blob.sha256, blob.size, blob.chunks],
    );
    return inserted.length > 0;
  }

  async find(sha256: string, manager: Db): Promise<StoredBlobRow | null> {
    return queryRow<StoredBlobRow>(
      manager,
      'SELECT id::text AS id, size_bytes, chunk_count FROM blob WHERE sha256 = $1',
      [Buffer.from(sha256, 'hex')],
    );
  }

  /** One chunk's bytes, or null when it is missing. */
  async chunk(manager: Db, blobId: string, seq: number): Promise<BlobChunkRow['data'] | null> {
    const row = await queryRow<Pick<BlobChunkRow, 'data'>>(
      manager,
      'SELECT data FROM blob_chunk WHERE blob_id = $1 AND seq = $2',
      [blobId, seq],
    );
    return row?.data ?? null;
  }

  /** `length` bytes of one chunk from `offset` (EXTERNAL storage: substring reads only the slices it needs). */
  async chunkSlice(
    manager: Db,
    blobId: string,
    seq: number,
    offset: number,
    length: number,
  ): Promise<BlobChunkRow['data'] | null> {
    const row = await queryRow<Pick<BlobChunkRow, 'data'>>(
      manager,
      'SELECT substring(data FROM $3 FOR $4) AS data FROM blob_chunk WHERE blob_id = $1 AND seq = $2',
      [blobId, seq, offset + 1, length],
    );
    return row?.data ?? null;
  }
}

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { DataSource } from 'typeorm';
import { documentsConfig, redisConfig } from '@mou/config';
import { BLOB_STORE, type BlobStore, DocumentsRepository, type ExtractionTarget } from '@mou/documents';
import { createBullConnection, type JobData, JobName, QueueName } from '@mou/reminders';
import { PermanentExtractionError, TextExtractor } from './text-extractor.js';

type ExtractionJob = Job<JobData[JobName.ExtractDocumentText]>;

/**
 * Reads each new version's text (and renders its first page) off the upload's path. The
 * job carries ids only; the handler re-reads the row and does nothing unless it is still
 * pending, so a job run twice (a requeue after Redis lost it) writes once. Failures are
 * counted in PostgreSQL and retried with backoff, then recorded as failed with the error.
 */
@Injectable()
export class ExtractionProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExtractionProcessor.name);
  private worker?: Worker;
  private connection?: ReturnType<typeof createBullConnection>;
  readonly extractor: TextExtractor;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly documents: DocumentsRepository,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(documentsConfig.KEY) private readonly config: ConfigType<typeof documentsConfig>,
    @Inject(redisConfig.KEY) private readonly redis: ConfigType<typeof redisConfig>,
  ) {
    this.extractor = new TextExtractor({
      ocrLanguages: config.ocrLanguages,
      ocrMaxPages: config.ocrMaxPages,
      timeoutMs: config.toolTimeoutMs,
    });
  }

  onApplicationBootstrap(): void {
    const lockMs = Math.max(60_000, this.config.toolTimeoutMs * 2);
    this.worker = new Worker(QueueName.DocumentExtraction, (job: ExtractionJob) => this.handle(job), {
      connection: (this.connection = createBullConnection(this.redis.url)),
      prefix: this.redis.prefix,
      concurrency: this.config.extractionConcurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
    });
    this.worker.on('error', (error) => this.logger.warn(`Extraction worker: ${error.message}`));
  }

  async handle(job: ExtractionJob): Promise<string> {
    const { documentId, versionNumber } = job.data;
    const target = await this.documents.extractionTarget(documentId, versionNumber);
    if (!target || target.extraction_state !== 'pending') return 'not pending';
    const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? this.config.extractionAttempts);
    try {
      await this.extract(target);
      return 'done';
    } catch (error) {
      const message = (error as Error).message;
      const permanent = error instanceof PermanentExtractionError;
      const state = await this.documents.recordFailure(
        target,
        message,
        this.config.extractionAttempts,
        permanent || lastTry,
      );
      this.logger.warn(`Extraction of ${documentId} v${versionNumber} failed (${state}): ${message}`);
      throw state === 'failed' ? new UnrecoverableError(message) : error;
    }
  }

  /** Copies the bytes to a private temporary directory (checking their SHA-256), extracts, records. */
  async extract(target: ExtractionTarget): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'mou-document-'));
    try {
      const file = join(dir, 'source');
      const source = await this.store.read(target.sha256);
      if (!source) throw new PermanentExtractionError(`the stored bytes ${target.sha256} are missing`);
      const hash = createHash('sha256');
      await pipeline(
        Readable.from(
          (async function* () {
            for await (const chunk of source) {
              hash.update(chunk);
              yield chunk;
            }
          })(),
        ),
        createWriteStream(file, { mode: 0o600 }),
      );
      if (hash.digest('hex') !== target.sha256) {
        throw new PermanentExtractionError('the stored bytes no longer match their SHA-256');
      }
      const result = await this.extractor.extract(file, target.media_type, dir);
      await this.db.transaction(async (tx) => {
        const preview = result.preview ? await this.store.write(tx, [result.preview]) : null;
        await this.documents.recordExtraction(
          target,
          {
            text: result.text,
            method: result.method,
            pageCount: result.pageCount,
            previewSha256: preview?.sha256 ?? null,
          },
          tx,
        );
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}

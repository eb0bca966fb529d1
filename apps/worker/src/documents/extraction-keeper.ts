import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { documentsConfig } from '@mou/config';
import { DocumentsRepository } from '@mou/documents';
import { extractionJobId, JobName } from '@mou/reminders';
import { ReminderQueues } from '../reminders/reminder-queues.js';

const SWEEP_BATCH = 500;

/**
 * PostgreSQL is the queue's source of truth: every few seconds the keeper hands the
 * versions still waiting for extraction to BullMQ (FOR UPDATE SKIP LOCKED, so several
 * workers share the work), and hands a version over again when it has been pending for
 * DOCUMENT_REQUEUE_AFTER_SECONDS since: Redis lost the job, or its worker died. At boot
 * every pending version is handed over again (a job still in Redis is deduplicated by its id).
 */
@Injectable()
export class ExtractionKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExtractionKeeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly queues: ReminderQueues,
    private readonly documents: DocumentsRepository,
    @Inject(documentsConfig.KEY) private readonly config: ConfigType<typeof documentsConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.documents.forgetQueued().catch(() => 0);
    await this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.config.sweepEveryMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Hands every waiting version to the queue; returns how many. */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    let handed = 0;
    try {
      const queue = this.queues.forJob(JobName.ExtractDocumentText);
      for (;;) {
        const due = await this.documents.claimForQueue(SWEEP_BATCH, this.config.requeueAfterSeconds);
        if (!due.length) break;
        // A finished job under the same id (its worker died before recording) would block the id.
        for (const { document_id, number } of due) {
          const job = await queue.getJob(extractionJobId(document_id, number));
          const state = await job?.getState();
          if (state === 'failed' || state === 'completed') await job!.remove();
        }
        await queue.addBulk(
          due.map(({ document_id, number }) => ({
            name: JobName.ExtractDocumentText,
            data: { documentId: document_id, versionNumber: number },
            opts: { jobId: extractionJobId(document_id, number) },
          })),
        );
        handed += due.length;
        if (due.length < SWEEP_BATCH) break;
      }
    } catch (error) {
      // The rows stay handed over; they are requeued after DOCUMENT_REQUEUE_AFTER_SECONDS.
      this.logger.warn(`Cannot hand pending extractions to the queue: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
    }
    return handed;
  }
}

import { Module } from '@nestjs/common';
import { BLOB_STORE, BlobRepository, DocumentsRepository, PostgresBlobStore } from '@mou/documents';
import { RemindersWorkerModule } from '../reminders/reminders-worker.module.js';
import { ExtractionKeeper } from './extraction-keeper.js';
import { ExtractionProcessor } from './extraction.processor.js';

/** Text extraction and previews of uploaded documents. Loaded only by the worker. */
@Module({
  imports: [RemindersWorkerModule],
  providers: [
    DocumentsRepository,
    BlobRepository,
    { provide: BLOB_STORE, useClass: PostgresBlobStore },
    ExtractionProcessor,
    ExtractionKeeper,
  ],
  exports: [ExtractionKeeper, ExtractionProcessor],
})
export class DocumentsWorkerModule {}

import { Module } from '@nestjs/common';
import { BLOB_STORE, BlobRepository, DocumentsRepository, PostgresBlobStore } from '@mou/documents';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';

/** Files under agreements and milestones; the bytes go to the BlobStore (PostgreSQL by default). */
@Module({
  controllers: [DocumentsController],
  providers: [
    DocumentsService,
    DocumentsRepository,
    BlobRepository,
    { provide: BLOB_STORE, useClass: PostgresBlobStore },
  ],
})
export class DocumentsModule {}

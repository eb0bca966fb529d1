import { registerAs } from '@nestjs/config';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { validateEnv } from './env.validation.js';

export class DocumentsEnv {
  /** Largest file accepted; a larger upload gets 413 and nothing is stored. */
  @IsInt()
  @Min(1024)
  @Max(2 ** 40)
  DOCUMENT_MAX_BYTES: number = 50 * 1024 * 1024;

  /** Largest total a DOCX or XLSX may unzip to (a zip bomb is refused with 422). */
  @IsInt()
  @Min(1024)
  @Max(2 ** 40)
  DOCUMENT_MAX_UNZIPPED_BYTES: number = 200 * 1024 * 1024;

  /** Tries of a version's text extraction before it is recorded as failed. */
  @IsInt()
  @Min(1)
  @Max(20)
  DOCUMENT_EXTRACTION_ATTEMPTS: number = 3;

  @IsInt()
  @Min(10)
  @Max(3_600_000)
  DOCUMENT_EXTRACTION_BACKOFF_MS: number = 5_000;

  /** Longest one run of pdftotext, pdftoppm or tesseract may take. */
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  DOCUMENT_TOOL_TIMEOUT_MS: number = 120_000;

  /** Extractions run at once per worker (OCR uses a CPU core each). */
  @IsInt()
  @Min(1)
  @Max(32)
  DOCUMENT_EXTRACTION_CONCURRENCY: number = 1;

  /** Scanned PDFs: pages beyond this are not OCRed (their text is not searchable). */
  @IsInt()
  @Min(1)
  @Max(2000)
  DOCUMENT_OCR_MAX_PAGES: number = 50;

  /** tesseract languages (Debian packages tesseract-ocr-tha, tesseract-ocr-eng). */
  @Matches(/^[a-z_]+(\+[a-z_]+)*$/, { message: 'must be tesseract languages joined by +, e.g. tha+eng' })
  DOCUMENT_OCR_LANGUAGES: string = 'tha+eng';

  /** How often the worker looks in PostgreSQL for versions waiting for extraction. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DOCUMENT_SWEEP_EVERY_MS: number = 5_000;

  /** A version handed to the queue but still pending after this long is handed over again. */
  @IsInt()
  @Min(5)
  @Max(86_400)
  DOCUMENT_REQUEUE_AFTER_SECONDS: number = 900;
}

export interface DocumentsConfig {
  maxBytes: number;
  maxUnzippedBytes: number;
  extractionAttempts: number;
  extractionBackoffMs: number;
  toolTimeoutMs: number;
  extractionConcurrency: number;
  ocrMaxPages: number;
  ocrLanguages: string;
  sweepEveryMs: number;
  requeueAfterSeconds: number;
}

export function loadDocumentsConfig(env = process.env): DocumentsConfig {
  const v = validateEnv(DocumentsEnv, env);
  return {
    maxBytes: v.DOCUMENT_MAX_BYTES,
    maxUnzippedBytes: v.DOCUMENT_MAX_UNZIPPED_BYTES,
    extractionAttempts: v.DOCUMENT_EXTRACTION_ATTEMPTS,
    extractionBackoffMs: v.DOCUMENT_EXTRACTION_BACKOFF_MS,
    toolTimeoutMs: v.DOCUMENT_TOOL_TIMEOUT_MS,
    extractionConcurrency: v.DOCUMENT_EXTRACTION_CONCURRENCY,
    ocrMaxPages: v.DOCUMENT_OCR_MAX_PAGES,
    ocrLanguages: v.DOCUMENT_OCR_LANGUAGES,
    sweepEveryMs: v.DOCUMENT_SWEEP_EVERY_MS,
    requeueAfterSeconds: v.DOCUMENT_REQUEUE_AFTER_SECONDS,
  };
}

export const documentsConfig = registerAs('documents', () => loadDocumentsConfig());

import { registerAs } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { validateEnv } from './env.validation.js';

export class ImportsEnv {
  /** An uploaded spreadsheet larger than this is refused with 413 before it is read. */
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  IMPORT_MAX_FILE_BYTES: number = 20 * 1024 * 1024;

  /** Data rows per file (every sheet together); a longer file is refused, nothing is kept. */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  IMPORT_MAX_ROWS: number = 100_000;

  /** Characters per cell (Excel's own limit); a longer cell is a problem of its row. */
  @IsInt()
  @Min(100)
  @Max(10_000_000)
  IMPORT_MAX_CELL_CHARS: number = 32_767;

  /** What a workbook may unzip to, all parts together: a zip bomb is refused at this size. */
  @IsInt()
  @Min(1024 * 1024)
  @Max(16 * 1024 * 1024 * 1024)
  IMPORT_MAX_UNZIPPED_BYTES: number = 256 * 1024 * 1024;

  /** Parts (files) a workbook may hold. */
  @IsInt()
  @Min(10)
  @Max(100_000)
  IMPORT_MAX_ZIP_ENTRIES: number = 2000;
}

export interface ImportsConfig {
  maxFileBytes: number;
  maxRows: number;
  maxCellChars: number;
  maxUnzippedBytes: number;
  maxZipEntries: number;
}

export function loadImportsConfig(env = process.env): ImportsConfig {
  const v = validateEnv(ImportsEnv, env);
  return {
    maxFileBytes: v.IMPORT_MAX_FILE_BYTES,
    maxRows: v.IMPORT_MAX_ROWS,
    maxCellChars: v.IMPORT_MAX_CELL_CHARS,
    maxUnzippedBytes: v.IMPORT_MAX_UNZIPPED_BYTES,
    maxZipEntries: v.IMPORT_MAX_ZIP_ENTRIES,
  };
}

export const importsConfig = registerAs('imports', () => loadImportsConfig());

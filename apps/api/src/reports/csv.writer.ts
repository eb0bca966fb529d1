import { pipeline, type Readable, Transform } from 'node:stream';
import { stringify } from 'csv-stringify/sync';

export interface ExportHooks {
  /** Called once every row is out of the database and before the file ends; its failure fails the file. */
  finished(rowCount: number): Promise<void>;
  /** Called when the file could not be finished (client gone, database error); null: rows sent unknown. */
  failed(rowCount: number | null, error: unknown): void;
}

/**
 * CSV as Excel opens it: UTF-8 with a BOM (or Thai turns to mojibake), headings first,
 * then the rows exactly as PostgreSQL's COPY writes them (RFC 4180 quoting: a value holding
 * a comma, quote or line break is quoted, quotes doubled; one LF per record). Back-pressure
 * runs from the socket to the database.
 */
export function csvFile(rows: Readable & { rowCount: number }, headings: string[], hooks: ExportHooks): Transform {
  const file = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk);
    },
    flush(done) {
      hooks.finished(rows.rowCount).then(() => done(), done);
    },
  });
  file.push(stringify([headings], { bom: true, record_delimiter: 'unix' }));
  pipeline(rows, file, (error) => {
    // COPY counts rows only once it completes: how many left before a failure is unknown.
    if (error) hooks.failed(null, error);
  });
  return file;
}

import { StringDecoder } from 'node:string_decoder';

const escapes: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function field(raw: string): string | null {
  if (raw === '\\N') return null;
  return raw.includes('\\') ? raw.replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c) : raw;
}

/**
 * Bytes of COPY output decoded at a time. Keeps every string made from it (and the rows'
 * XML) well under V8's large-object size (128 KiB): larger ones are allocated in the old
 * generation, live until a full collection, and grew an XLSX export's heap by 100 MB.
 */
const SLICE = 16 * 1024;

export type CopyRow = Array<string | null>;

/**
 * Rows of COPY's text format (tab-separated, one line per row, backslash escapes, \N for
 * null), decoded as they stream, a chunk's worth at a time: far cheaper than the row
 * protocol for wide rows.
 */
export async function* copyTextRows(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<CopyRow[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += SLICE) {
      const lines = (rest + decoder.write(chunk.subarray(at, at + SLICE))).split('\n');
      rest = lines.pop()!;
      yield lines.map((line) => line.split('\t').map(field));
    }
  }
  rest += decoder.end();
  if (rest) yield [rest.split('\t').map(field)];
}

import { StringDecoder } from 'node:string_decoder';

const escapes: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function field(raw: string): string | null {
  if (raw === '\\N') return null;
  return raw.includes('\\') ? raw.replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c) : raw;
}

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
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop()!;
    yield lines.map((line) => line.split('\t').map(field));
  }
  rest += decoder.end();
  if (rest) yield [rest.split('\t').map(field)];
}

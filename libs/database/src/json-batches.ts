/**
 * Rows for set-based statements (`jsonb_to_recordset($1)`) as JSON arrays of at most about
 * `maxChars` characters each. Each row is serialised on its own and the array text stays
 * under V8's large-object threshold (128 KiB): a bulk write of many megabytes then churns
 * only the young generation, which is collected at once, instead of leaving a string per
 * statement in large-object space until the next full collection (the import's memory
 * grew by 300 MB that way).
 */
export function* jsonBatches(rows: Iterable<unknown>, maxChars = 60_000): Generator<string> {
  let parts: string[] = [];
  let size = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (parts.length && size + text.length + 1 > maxChars) {
      yield `[${parts.join(',')}]`;
      parts = [];
      size = 2;
    }
    parts.push(text);
    size += text.length + 1;
  }
  if (parts.length) yield `[${parts.join(',')}]`;
}

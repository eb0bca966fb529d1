/**
 * The multipart body of an upload: the fields first, the `file` part last. The API reads the
 * stream in order and does not see fields sent after the file (a large file streams past
 * them), so the order is the contract, not a detail.
 */
export function uploadBody(fields: Record<string, string | undefined>, file: File): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.append(key, value);
  form.append('file', file, file.name);
  return form;
}

import { ApiRequestError } from './client';
import { apiBase, authFetch } from './session';

export type ReportFormat = 'csv' | 'xlsx' | 'pdf';

/**
 * Downloads a report with the bearer token. The token lives in memory only, so a plain link
 * cannot carry it: the report is fetched (the API streams it, the browser receives it as it
 * is written), kept as a Blob, and handed to the browser's download as a file. Its name
 * comes from the API's Content-Disposition.
 */
export async function downloadReport(path: string, query: Record<string, string | undefined>): Promise<void> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  await downloadFile(`${path}?${params}`, `${path.split('/').pop()}.${query.format}`);
}

/** Any file the API serves (a report, a document version), saved under the API's name or `fallbackName`. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const response = await authFetch(new Request(new URL(path.replace(/^\//, ''), apiBase())));
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw new ApiRequestError(response.status, body);
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName(response.headers.get('content-disposition')) ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click hands the blob to the download before this runs; the delay only frees memory.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** An image the API serves behind the bearer, as a blob: URL the page can show (revoke it when done). */
export async function fetchObjectUrl(path: string): Promise<string> {
  const response = await authFetch(new Request(new URL(path.replace(/^\//, ''), apiBase())));
  if (!response.ok) throw new ApiRequestError(response.status, await response.json().catch(() => undefined));
  return URL.createObjectURL(await response.blob());
}

function fileName(disposition: string | null): string | null {
  if (!disposition) return null;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

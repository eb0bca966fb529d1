import { ApiRequestError, type Schemas } from './client';
import { apiBase, authFetch } from './session';

export type ImportRecord = Schemas['ImportResponse'];
export type DryRun = Schemas['DryRunResponse'];
export type ImportMapping = Schemas['ImportMappingDto'];
export type ReportRow = Schemas['ReportRowDto'];

/**
 * POST /imports as multipart/form-data. openapi-fetch would send JSON, so this builds the
 * form itself and goes through authFetch (the in-memory bearer, one refresh on a 401), as
 * the export downloads do.
 */
export async function uploadImport(file: File, mappingId?: string): Promise<ImportRecord> {
  const form = new FormData();
  form.append('file', file, file.name);
  const query = mappingId ? `?${new URLSearchParams({ mappingId })}` : '';
  const response = await authFetch(new Request(new URL(`imports${query}`, apiBase()), { method: 'POST', body: form }));
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiRequestError(response.status, body);
  return body as ImportRecord;
}

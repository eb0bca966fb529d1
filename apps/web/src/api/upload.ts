import { ApiRequestError } from './client';
import { uploadBody } from './upload-body';
import { apiBase, getAccessToken, refreshAccessToken } from './session';

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Posts multipart form data with XMLHttpRequest, the only browser API that reports upload
 * progress. The bearer comes from the session's memory, as for every other call; a 401
 * refreshes once and tries again. The body puts the fields before the file (`uploadBody`).
 */
export async function uploadForm<T>(
  path: string,
  fields: Record<string, string | undefined>,
  file: File,
  onProgress: (progress: UploadProgress) => void,
): Promise<T> {
  const attempt = () => send(path.replace(/^\//, ''), uploadBody(fields, file), onProgress);
  let result = await attempt();
  if (result.status === 401 && (await refreshAccessToken())) result = await attempt();
  if (result.status < 200 || result.status >= 300) throw new ApiRequestError(result.status, result.body as never);
  return result.body as T;
}

function send(
  path: string,
  form: FormData,
  onProgress: (progress: UploadProgress) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', new URL(path, apiBase()));
    const token = getAccessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.response as unknown });
    xhr.onerror = () => reject(new ApiRequestError(0, undefined));
    xhr.send(form);
  });
}

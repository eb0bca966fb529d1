import createClient from 'openapi-fetch';
import type { components, paths } from './schema';
import { apiBase, authFetch } from './session';

/** The typed API client: paths, query parameters and bodies are checked against schema.d.ts. */
export const api = createClient<paths>({ baseUrl: apiBase().replace(/\/$/, ''), fetch: authFetch });

export type Schemas = components['schemas'];
export type Agreement = Schemas['AgreementResponse'];
export type AuthUser = Schemas['AuthUserResponse'];
export type ApiError = Schemas['ErrorResponseDto'];

/** Thrown by `unwrap` so TanStack Query sees a failed request as an error carrying the API's body. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ApiError> | undefined,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }

  /** The API's message for one field (`errors[{field, message}]`), if it named it. */
  fieldError(field: string): string | undefined {
    return this.body?.errors?.find((e) => e.field === field)?.message;
  }
}

/** `const data = unwrap(await api.GET(...))`: the data, or an ApiRequestError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    throw new ApiRequestError(result.response.status, result.error as Partial<ApiError> | undefined);
  }
  return result.data;
}

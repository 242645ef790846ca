import type { ProductView } from '../../../server/src/domains/catalog/views.ts';
import type { StreamView } from '../../../server/src/domains/streams/views.ts';

/** The parts of the HTTP API (see API.md) the pages use. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
}

/** A stream as the API answers it (the server's own view type). */
export type StreamSummary = StreamView;

/** A product as the API answers it (the server's own view type): a moderated one carries why. */
export type Product = ProductView;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** JSON over fetch (with any extra `headers`); a non-2xx answer throws ApiError with the server's code and message. */
export async function api<T>(
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(path, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `${method} ${path} failed (${response.status})`);
  }
  return body as T;
}

import type { UploadedImage } from '../../../../server/src/domains/uploads/views.ts';
import type { ErrorCode } from '../../../../server/src/errors.ts';
import { ApiError, api, type Product } from '../../lib/api.ts';

export type { UploadedImage };

/** What the product form sends; `null` clears a category or a picture when editing. */
export interface ProductDraft {
  title: string;
  description: string;
  category: string | null;
  priceCents: number;
  stock: number;
  kolCommissionBps: number;
  imageUrl: string | null;
}

const productUrl = (id: string) => `/api/products/${encodeURIComponent(id)}`;

/** A new product: empty category and picture are left out. */
export function createProduct(token: string, draft: ProductDraft): Promise<Product> {
  const { category, imageUrl, ...rest } = draft;
  return api<Product>('POST', '/api/products', {
    token,
    body: { ...rest, ...(category ? { category } : {}), ...(imageUrl ? { imageUrl } : {}) },
  });
}

export const updateProduct = (token: string, id: string, draft: ProductDraft) =>
  api<Product>('PATCH', productUrl(id), { token, body: draft });

export const archiveProduct = (token: string, id: string) => api<Product>('POST', `${productUrl(id)}/archive`, { token });

export const restoreProduct = (token: string, id: string) => api<Product>('POST', `${productUrl(id)}/restore`, { token });

/** Sends one picture (multipart field `image`); throws ApiError with the server's code (IMAGE_TOO_LARGE and so on). */
export async function uploadImage(token: string, file: Blob, name: string): Promise<UploadedImage> {
  const form = new FormData();
  form.append('image', file, name);
  const response = await fetch('/api/uploads/images', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await response.json().catch(() => undefined)) as
    | (UploadedImage & { error?: { code?: string; message?: string } })
    | undefined;
  if (!response.ok) {
    throw new ApiError(response.status, body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? `upload failed (${response.status})`);
  }
  return body as UploadedImage;
}

/** The catalogue's own words for what the server may refuse. */
const MESSAGES: Partial<Record<ErrorCode, string>> = {
  IMAGE_TYPE_NOT_ALLOWED: 'That file is not a JPEG, PNG or WebP picture.',
  IMAGE_UNREADABLE: 'That picture could not be read; it may be damaged. Try another one.',
  IMAGE_MISSING: 'Choose a picture to upload.',
  MERCHANT_SUSPENDED: 'Your shop is suspended, so products cannot be created or changed.',
  PRODUCT_TAKEN_DOWN: 'Streamcart took this product down; it cannot be changed.',
  FORBIDDEN: 'Only the product’s merchant can change it.',
  UNAUTHENTICATED: 'You have been signed out; sign in again to continue.',
  VALIDATION_FAILED: 'Some fields are not valid; check them and try again.',
  RATE_LIMITED: 'Too many changes at once; wait a moment and try again.',
};

/** These answers say exactly what was wrong (the limit in MB or pixels), so their own message is shown. */
const SERVER_WORDED = new Set<string>(['IMAGE_TOO_LARGE', 'IMAGE_DIMENSIONS']);

export function catalogueMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Could not reach the server; try again.';
  if (SERVER_WORDED.has(error.code)) return `${error.message}.`;
  return MESSAGES[error.code as ErrorCode] ?? error.message;
}

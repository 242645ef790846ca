import type { ProductModeration } from '../../../server/src/domains/catalog/views.ts';
import { ApiError, type Product } from './api.ts';

/** What every page needs of moderation: reporting something, and why a product or shop is down. */

export type ReportTargetType = 'product' | 'stream' | 'merchant' | 'comment' | 'review';
export type ReportReason = 'counterfeit' | 'prohibited' | 'misleading' | 'offensive' | 'scam' | 'other';

/** The reasons in the order the report dialog lists them, each in the words a viewer reads. */
export const REPORT_REASONS: readonly { value: ReportReason; label: string }[] = [
  { value: 'counterfeit', label: 'Counterfeit or fake' },
  { value: 'prohibited', label: 'Prohibited or dangerous item' },
  { value: 'misleading', label: 'Misleading description or price' },
  { value: 'offensive', label: 'Offensive or inappropriate' },
  { value: 'scam', label: 'Scam or fraud' },
  { value: 'other', label: 'Something else' },
];

/** A reason's label; a reason this page does not know reads as itself. */
export const reasonLabel = (reason: string) => REPORT_REASONS.find((r) => r.value === reason)?.label ?? reason;

export const DETAILS_MAX = 500;

/** Why and when an admin took a product down or suspended a shop. */
export type Moderation = ProductModeration;

/** A product as its merchant (or an admin) sees it: with why it was taken down (every product view carries it). */
export type ModeratedProduct = Product;

export interface Report {
  id: string;
  targetType: ReportTargetType;
  targetId: string;
  reason: ReportReason;
  details: string | null;
  status: 'open' | 'actioned' | 'dismissed';
  createdAt: string;
}

/**
 * Reports a product, stream, merchant, chat comment or product review. `isNew` is false when the caller's open report on the
 * same target came back instead (200, not 201). Throws ApiError (NOT_FOUND, CANNOT_REPORT_OWN, RATE_LIMITED …).
 */
export async function createReport(
  token: string,
  report: { targetType: ReportTargetType; targetId: string; reason: ReportReason; details?: string },
): Promise<{ report: Report; isNew: boolean }> {
  // Not api(): whether the report is new shows only in the status code.
  const response = await fetch('/api/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(report),
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `Reporting failed (${response.status})`);
  }
  return { report: body as Report, isNew: response.status === 201 };
}

/**
 * What GET /api/me/export and DELETE /api/me answer, as types only: shared by the server, the
 * tests and the account page (web-viewer imports them).
 */

/** Something the account must finish before it can be deleted, and how. */
export interface Obligation {
  kind: 'orders_to_ship' | 'orders_in_progress' | 'payouts_in_flight';
  /** The orders or payouts concerned. */
  ids: string[];
  /** What to do first, in a sentence for the person. */
  action: string;
}

/** The details of a 409 ACCOUNT_HAS_OPEN_OBLIGATIONS. */
export interface OpenObligations {
  obligations: Obligation[];
}

/** The sections of a data export, in the order the file lists them. */
export const EXPORT_SECTIONS = [
  'profile',
  'account',
  'addresses',
  'orders',
  'comments',
  'reviews',
  'follows',
  'fanGroups',
  'notifications',
  'shareLinks',
  'earnings',
  'payouts',
  'coupons',
  'bids',
] as const;
export type ExportSection = (typeof EXPORT_SECTIONS)[number];

/** The export file: when it was made, for whom, and one entry per section. */
export type DataExport = { exportedAt: string; userId: string } & Record<ExportSection, unknown>;

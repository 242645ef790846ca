/** What the shows API answers (a KOL's "My shows"); the pages import these types too. */

export type ShowStatus = 'scheduled' | 'live' | 'ended' | 'cancelled';

export interface ShowProductView {
  id: string;
  title: string;
  priceCents: number;
  currency: string;
  imageUrl: string | null;
  stock: number;
  kolCommissionBps: number;
  /** What the KOL earns on one unit sold at list price. */
  commissionCents: number;
}

export interface ShowView {
  id: string;
  title: string;
  status: ShowStatus;
  scheduledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  coverUrl: string | null;
  products: ShowProductView[];
}

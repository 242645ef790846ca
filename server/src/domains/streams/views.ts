import type { StreamEndedBy, StreamStatus } from '../../../../db/schema/streams.ts';
import type { ProductView } from '../catalog/views.ts';

/** What the streams API answers; the pages import these types too. */

export interface StreamView {
  id: string;
  kolId: string;
  title: string;
  status: StreamStatus;
  scheduledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Who ended it (`moderation`: an admin stopped it); null until it ends. */
  endedBy: StreamEndedBy | null;
  pinnedProductId: string | null;
  viewerCount: number;
  /** Live with media reaching the SFU: what viewers may call LIVE (a started show waits for the KOL's camera). */
  hasMedia: boolean;
}

export interface StreamPage extends StreamView {
  showcase: ProductView[];
  activeFlashSale: unknown;
}

/** One paid order of the show, as its KOL's studio lists it (the buyer as "Mei L."). */
export interface StreamSale {
  orderId: string;
  at: string;
  buyer: string;
  totalCents: number;
  currency: string;
  items: { title: string; quantity: number }[];
}

/** `GET /api/streams/:id/summary`: what the show did so far (or in all, once ended), for its KOL. */
export interface ShowSummary {
  streamId: string;
  status: StreamStatus;
  startedAt: string | null;
  endedAt: string | null;
  peakViewers: number;
  viewerCount: number;
  likes: number;
  /** Paid orders (not refunded or cancelled). */
  orders: number;
  /** Their total, one entry per currency. */
  gmv: { currency: string; totalCents: number }[];
  /** The latest 20, newest first. */
  recentSales: StreamSale[];
}

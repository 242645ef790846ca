import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { type StreamApproval, type StreamStatus, showcaseItems, streams } from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';

/** A sale aimed at a stream as its KOL's studio lists it: what is proposed, and what may still be taken out. */
export interface SaleProposalView {
  kind: 'flash-sale' | 'group-offer';
  id: string;
  productId: string;
  productTitle: string;
  merchantId: string;
  merchantDisplayName: string;
  priceCents: number;
  currency: string;
  /** When a flash sale opens and closes; null for a group offer. */
  startsAt: string | null;
  endsAt: string | null;
  streamApproval: StreamApproval;
  /** An accepted sale the KOL may still take out of the stream (it has not opened). */
  isRemovable: boolean;
}

/** A stream a merchant may aim a sale at; `accepts`: its KOL showcases one of the merchant's products there. */
export interface MerchantStreamView {
  id: string;
  title: string;
  status: StreamStatus;
  scheduledAt: string | null;
  kolId: string;
  kolDisplayName: string;
  accepts: boolean;
}

/** What the studio's proposal list needs of the flash-sale and group-buy domains. */
export interface ProposalSources {
  unopenedFlashSales(streamId: string): Promise<
    {
      id: string;
      productId: string;
      merchantId: string;
      priceCents: number;
      currency: string;
      startsAt: string;
      endsAt: string;
      streamApproval: StreamApproval | null;
    }[]
  >;
  groupOffers(streamId: string): Promise<
    {
      id: string;
      productId: string;
      merchantId: string;
      groupPriceCents: number;
      currency: string;
      streamApproval: StreamApproval | null;
    }[]
  >;
  productCards(productIds: readonly string[]): Promise<Map<string, { title: string; merchantId: string }>>;
  displayNames(userIds: readonly string[]): Promise<Map<string, string>>;
}

/** The studio's list of sales proposed for a stream, and the merchant console's list of streams to aim a sale at. */
export class SaleProposals {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #sources: ProposalSources;

  constructor(deps: { db: Db; clock: Clock; sources: ProposalSources }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#sources = deps.sources;
  }

  /** The sales proposed for the stream or accepted in it and not open yet, for its KOL. Throws NOT_FOUND, FORBIDDEN. */
  async listForKol(kolId: string, streamId: string): Promise<SaleProposalView[]> {
    const [stream] = await this.#db.select({ kolId: streams.kolId }).from(streams).where(eq(streams.id, streamId));
    if (!stream) throw new AppError('NOT_FOUND', 'Stream not found');
    if (stream.kolId !== kolId) throw new AppError('FORBIDDEN', "Only the stream's KOL may see what is proposed for it");
    const [sales, offers] = await Promise.all([this.#sources.unopenedFlashSales(streamId), this.#sources.groupOffers(streamId)]);
    const nowMs = this.#clock.now().getTime();
    const items = [
      ...sales.map((s) => ({
        kind: 'flash-sale' as const,
        id: s.id,
        productId: s.productId,
        merchantId: s.merchantId,
        priceCents: s.priceCents,
        currency: s.currency,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        streamApproval: s.streamApproval ?? 'accepted',
        isRemovable: s.streamApproval === 'accepted' && Date.parse(s.startsAt) > nowMs,
      })),
      ...offers.map((o) => ({
        kind: 'group-offer' as const,
        id: o.id,
        productId: o.productId,
        merchantId: o.merchantId,
        priceCents: o.groupPriceCents,
        currency: o.currency,
        startsAt: null,
        endsAt: null,
        streamApproval: o.streamApproval ?? 'accepted',
        isRemovable: o.streamApproval === 'accepted',
      })),
    ];
    const [products, names] = await Promise.all([
      this.#sources.productCards(items.map((i) => i.productId)),
      this.#sources.displayNames(items.map((i) => i.merchantId)),
    ]);
    return items.map((i) => ({
      ...i,
      productTitle: products.get(i.productId)?.title ?? '',
      merchantDisplayName: names.get(i.merchantId) ?? '',
    }));
  }

  /** Scheduled and live streams, soonest first, each saying whether a sale of the merchant's there is accepted at once. */
  async streamsForMerchant(merchantId: string): Promise<MerchantStreamView[]> {
    const rows = await this.#db
      .select()
      .from(streams)
      .where(inArray(streams.status, ['scheduled', 'live']))
      .orderBy(asc(streams.status), asc(streams.scheduledAt), asc(streams.createdAt))
      .limit(200);
    if (rows.length === 0) return [];
    const showcased = await this.#db
      .select({ streamId: showcaseItems.streamId, productId: showcaseItems.productId })
      .from(showcaseItems)
      .where(
        inArray(
          showcaseItems.streamId,
          rows.map((r) => r.id),
        ),
      );
    const [products, names] = await Promise.all([
      this.#sources.productCards(showcased.map((s) => s.productId)),
      this.#sources.displayNames(rows.map((r) => r.kolId)),
    ]);
    const accepting = new Set(showcased.filter((s) => products.get(s.productId)?.merchantId === merchantId).map((s) => s.streamId));
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      scheduledAt: r.scheduledAt?.toISOString() ?? null,
      kolId: r.kolId,
      kolDisplayName: names.get(r.kolId) ?? '',
      // A merchant who is the stream's KOL starts sales there themselves.
      accepts: r.kolId === merchantId || accepting.has(r.id),
    }));
  }
}

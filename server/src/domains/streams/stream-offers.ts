import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { showcaseItems, streamOffers, streams } from '../../../../db/schema/index.ts';
import type { DbOrTx } from '../catalog/service.ts';
import type { StreamConsentPort } from '../flash-sales/stream-approval.ts';
import type { CommissionDecision, CommissionEligibility, CommissionQuery } from '../orders/commission.ts';

/**
 * What a stream offered while it was live, and so who may earn on an order naming it (the orders
 * domain's CommissionEligibility port). Offers are written only while the stream is live: at the
 * moment it goes live (its showcase) and whenever its KOL adds or pins a product, or a sale shown in
 * it opens, meanwhile. A product that was never on offer while the stream was live earns its KOL nothing.
 */
export class StreamOffers implements CommissionEligibility, StreamConsentPort {
  readonly #db: Db;
  readonly #graceAfterEndMs: number;

  constructor(deps: { db: Db; graceAfterEndMs: number }) {
    this.#db = deps.db;
    this.#graceAfterEndMs = deps.graceAfterEndMs;
  }

  /** The stream's KOL; null for an unknown stream. */
  async kolOfStream(streamId: string): Promise<string | null> {
    const [row] = await this.#db.select({ kolId: streams.kolId }).from(streams).where(eq(streams.id, streamId));
    return row?.kolId ?? null;
  }

  /** Notes these products as offered now, when (and only when) the stream is live. */
  async recordIfLive(streamId: string, productIds: readonly string[], db: DbOrTx = this.#db): Promise<void> {
    for (const productId of new Set(productIds)) {
      // The stream's status is read in the same statement, so a product shown before the stream goes live is not recorded.
      await db.execute(sql`
        insert into ${streamOffers} (stream_id, product_id)
        select ${streams.id}, ${productId}::text from ${streams} where ${streams.id} = ${streamId} and ${streams.status} = 'live'
        on conflict (stream_id, product_id) do update set last_offered_at = now()`);
    }
  }

  /** Notes the stream's whole showcase as offered now, when the stream is live (it just went live, or is ending). */
  async recordShowcase(streamId: string, db: DbOrTx = this.#db): Promise<void> {
    await db.execute(sql`
      insert into ${streamOffers} (stream_id, product_id)
      select ${showcaseItems.streamId}, ${showcaseItems.productId} from ${showcaseItems}
        join ${streams} on ${streams.id} = ${showcaseItems.streamId}
        where ${showcaseItems.streamId} = ${streamId} and ${streams.status} = 'live'
      on conflict (stream_id, product_id) do update set last_offered_at = now()`);
  }

  /** Whether the stream's KOL put the product in its showcase (their consent to sales of it there). */
  async isShowcased(streamId: string, productId: string): Promise<boolean> {
    const [row] = await this.#db
      .select({ productId: showcaseItems.productId })
      .from(showcaseItems)
      .where(and(eq(showcaseItems.streamId, streamId), eq(showcaseItems.productId, productId)));
    return Boolean(row);
  }

  /**
   * Who earns KOL commission on an order naming the stream, and on which of its products: the
   * stream's KOL, while it is live or within the grace window after it ended, on products it
   * offered while live (or the sale shown in it), never on the KOL's own purchase.
   */
  async commissionFor(q: CommissionQuery): Promise<CommissionDecision> {
    const [stream] = await this.#db.select().from(streams).where(eq(streams.id, q.streamId));
    if (!stream) return { streamFound: false, kolId: null, productIds: new Set() };
    const none: CommissionDecision = { streamFound: true, kolId: null, productIds: new Set() };
    if (stream.kolId === q.buyerId || !stream.startedAt) return none;
    const isWithinWindow =
      stream.status === 'live' || (stream.endedAt !== null && q.at.getTime() <= stream.endedAt.getTime() + this.#graceAfterEndMs);
    if (!isWithinWindow || q.productIds.length === 0) return none;
    const offered = q.saleShownInStream
      ? new Set(q.productIds)
      : new Set(
          (
            await this.#db
              .select({ productId: streamOffers.productId })
              .from(streamOffers)
              .where(and(eq(streamOffers.streamId, q.streamId), inArray(streamOffers.productId, [...q.productIds])))
          ).map((r) => r.productId),
        );
    return offered.size === 0 ? none : { streamFound: true, kolId: stream.kolId, productIds: offered };
  }
}

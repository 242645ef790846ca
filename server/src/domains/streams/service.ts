import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { pinEvents, products, type StreamStatus, showcaseItems, streams } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { RealtimeBus } from '../../realtime/bus.ts';
import { type PinnedProductPayload, rooms, type StreamEndedBy } from '../../realtime/contract.ts';
import { assertTransition } from '../../state-machine.ts';
import { type CatalogService, type DbOrTx, type ProductView, toProductView } from '../catalog/service.ts';
import type { ViewerPresence } from './presence.ts';
import type { StreamOffers } from './stream-offers.ts';
import { STREAM_TRANSITIONS } from './transitions.ts';
import type { StreamPage, StreamView } from './views.ts';

export type { StreamPage, StreamView };

export type StreamRow = typeof streams.$inferSelect;

/** What the streams domain needs to know of flash sales (kept narrow to avoid a cycle). */
export interface ActiveSaleLookup {
  getActiveSaleForStream(streamId: string): Promise<{ productId: string; status: string } | null>;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toStreamView(row: StreamRow, viewerCount: number): StreamView {
  return {
    id: row.id,
    kolId: row.kolId,
    title: row.title,
    status: row.status,
    scheduledAt: iso(row.scheduledAt),
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    endedBy: row.endedBy,
    pinnedProductId: row.pinnedProductId,
    viewerCount,
    hasMedia: hasFreshMedia(row),
  };
}

/** How long media counts as flowing after the process that holds its producers last said so (ADR 0014). */
export const MEDIA_FRESH_MS = 15_000;

/** Live and its media reached the SFU lately: what viewers may call LIVE. */
export function hasFreshMedia(row: Pick<StreamRow, 'status' | 'mediaSeenAt'>, now = Date.now()): boolean {
  return row.status === 'live' && row.mediaSeenAt !== null && now - row.mediaSeenAt.getTime() < MEDIA_FRESH_MS;
}

/** The SQL twin of hasFreshMedia, for listings. */
export const freshMediaSql = () => sql`${streams.mediaSeenAt} > now() - make_interval(secs => ${MEDIA_FRESH_MS / 1000})`;

export function toPinnedProduct(product: ProductView | typeof products.$inferSelect): PinnedProductPayload {
  return {
    id: product.id,
    title: product.title,
    priceCents: product.priceCents,
    currency: product.currency,
    imageUrl: product.imageUrl,
    stock: product.stock,
  };
}

export class StreamService {
  readonly #db: Db;
  readonly #catalog: CatalogService;
  readonly #bus: RealtimeBus;
  readonly #presence: ViewerPresence;
  readonly #sales: ActiveSaleLookup;
  readonly #onWentLive: (stream: StreamRow) => Promise<void>;
  readonly #offers: StreamOffers | undefined;

  constructor(deps: {
    db: Db;
    catalog: CatalogService;
    bus: RealtimeBus;
    presence: ViewerPresence;
    sales: ActiveSaleLookup;
    onWentLive?: (stream: StreamRow) => Promise<void>;
    /** What the stream offered while live, which decides its KOL's commission. */
    offers?: StreamOffers;
  }) {
    this.#db = deps.db;
    this.#catalog = deps.catalog;
    this.#bus = deps.bus;
    this.#presence = deps.presence;
    this.#sales = deps.sales;
    this.#onWentLive = deps.onWentLive ?? (async () => {});
    this.#offers = deps.offers;
  }

  async createStream(kolId: string, input: { title: string; scheduledAt?: string | undefined }): Promise<StreamView> {
    const [row] = await this.#db
      .insert(streams)
      .values({ kolId, title: input.title, scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return toStreamView(row, 0);
  }

  /** Throws NOT_FOUND. */
  async getStreamRow(streamId: string): Promise<StreamRow> {
    const [row] = await this.#db.select().from(streams).where(eq(streams.id, streamId));
    if (!row) throw new AppError('NOT_FOUND', 'Stream not found');
    return row;
  }

  /** The KOL who owns the stream, or null for an unknown one (the posters' StreamOwnership port). */
  async kolOfStream(streamId: string): Promise<string | null> {
    const [row] = await this.#db.select({ kolId: streams.kolId }).from(streams).where(eq(streams.id, streamId));
    return row?.kolId ?? null;
  }

  /** The stream's page data in one call: showcase, pinned product, active flash sale. Throws NOT_FOUND. */
  async getStreamPage(streamId: string): Promise<StreamPage> {
    const row = await this.getStreamRow(streamId);
    const [showcase, viewerCount, activeFlashSale] = await Promise.all([
      this.getShowcase(streamId),
      this.#presence.count(streamId),
      this.#sales.getActiveSaleForStream(streamId),
    ]);
    return { ...toStreamView(row, viewerCount), showcase, activeFlashSale };
  }

  /** Titles, KOLs and statuses of streams by id, in one query; unknown ids are left out. */
  async getStreamCards(streamIds: readonly string[]): Promise<Map<string, { title: string; kolId: string; status: StreamStatus }>> {
    if (streamIds.length === 0) return new Map();
    const rows = await this.#db
      .select({ id: streams.id, title: streams.title, kolId: streams.kolId, status: streams.status })
      .from(streams)
      .where(inArray(streams.id, [...new Set(streamIds)]));
    return new Map(rows.map(({ id, ...card }) => [id, card]));
  }

  async listStreams(filter: { status?: StreamStatus | undefined; kolId?: string | undefined; limit: number }): Promise<StreamView[]> {
    const conditions = [
      ...(filter.status ? [eq(streams.status, filter.status)] : []),
      // LIVE is what viewers can watch: a started stream whose media has not reached the SFU is left out (ADR 0014).
      ...(filter.status === 'live' ? [freshMediaSql()] : []),
      ...(filter.kolId ? [eq(streams.kolId, filter.kolId)] : []),
    ];
    const rows = await this.#db
      .select()
      .from(streams)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(streams.createdAt))
      .limit(filter.limit);
    const counts = await this.#presence.counts(rows.map((r) => r.id));
    return rows.map((r) => toStreamView(r, counts.get(r.id) ?? 0));
  }

  /** The stream's KOL moves it along scheduled → live → ended. Throws NOT_FOUND, FORBIDDEN, INVALID_STREAM_TRANSITION. */
  async setStatus(kolId: string, streamId: string, to: 'live' | 'ended'): Promise<StreamView> {
    const row = await this.#ownStream(kolId, streamId);
    assertTransition(STREAM_TRANSITIONS, row.status, to, 'INVALID_STREAM_TRANSITION');
    const updated = await this.#move(this.#db, row, to, 'kol');
    if (!updated) throw new AppError('INVALID_STREAM_TRANSITION');
    if (to === 'live') await this.#recordOnAir(streamId);
    if (to === 'ended') await this.announceEnded(updated, 'kol');
    // Followers hear "now live" once media flows (mediaFlowing), not here (ADR 0014).
    else await this.#bus.publish({ room: rooms.stream(streamId), event: 'stream:status', payload: { streamId, status: to } });
    return toStreamView(updated, await this.#presence.count(streamId));
  }

  /**
   * The stream's first producer reached the SFU (again): it is listed LIVE from now on; the first
   * time ever, followers are told it is live. No-op for a stream that is not live.
   */
  async mediaFlowing(streamId: string): Promise<void> {
    const [row] = await this.#db
      .update(streams)
      .set({ mediaSeenAt: sql`now()`, firstMediaAt: sql`coalesce(${streams.firstMediaAt}, now())` })
      .where(and(eq(streams.id, streamId), eq(streams.status, 'live')))
      .returning();
    if (!row) return;
    await this.#bus.publish({
      room: rooms.stream(streamId),
      event: 'stream:status',
      payload: { streamId, status: 'live', hasMedia: true },
    });
    // Both were set by the same now(): this call was the first media of the show.
    if (row.firstMediaAt?.getTime() === row.mediaSeenAt?.getTime()) await this.#onWentLive(row);
  }

  /** The stream's last producer closed: not listed LIVE until media flows again. */
  async mediaStopped(streamId: string): Promise<void> {
    const [row] = await this.#db
      .update(streams)
      .set({ mediaSeenAt: null })
      .where(and(eq(streams.id, streamId), eq(streams.status, 'live')))
      .returning({ id: streams.id });
    if (row)
      await this.#bus.publish({
        room: rooms.stream(streamId),
        event: 'stream:status',
        payload: { streamId, status: 'live', hasMedia: false },
      });
  }

  /** The streams whose producers this process holds still have media (called every few seconds). */
  async mediaStillFlowing(streamIds: readonly string[]): Promise<void> {
    if (streamIds.length === 0) return;
    await this.#db
      .update(streams)
      .set({ mediaSeenAt: sql`now()` })
      .where(and(inArray(streams.id, [...streamIds]), eq(streams.status, 'live')));
  }

  /**
   * Ends a live stream inside the caller's transaction (an admin's, whose log row commits with it);
   * once that commits, announceEnded() tells the room. Undefined when the stream is not live (anymore).
   */
  async endLive(tx: DbOrTx, streamId: string): Promise<StreamRow | undefined> {
    const [row] = await tx.select().from(streams).where(eq(streams.id, streamId));
    return row?.status === 'live' ? this.#move(tx, row, 'ended', 'moderation') : undefined;
  }

  /**
   * Tells the stream's room it ended, and by whom; the media room closes on this event (the
   * stream-end watcher), whichever process ended it.
   */
  async announceEnded(row: StreamRow, endedBy: StreamEndedBy): Promise<void> {
    await this.#bus.publish({
      room: rooms.stream(row.id),
      event: 'stream:status',
      payload: { streamId: row.id, status: 'ended', endedBy },
    });
  }

  /** Moves the row on (`endedBy` is kept when it ends); undefined when someone else moved it first. */
  async #move(db: DbOrTx, row: StreamRow, to: 'live' | 'ended', endedBy: StreamEndedBy): Promise<StreamRow | undefined> {
    const now = new Date();
    const [updated] = await db
      .update(streams)
      .set(to === 'live' ? { status: to, startedAt: now } : { status: to, endedAt: now, endedBy })
      // The status condition makes two concurrent calls move it once.
      .where(and(eq(streams.id, row.id), eq(streams.status, row.status)))
      .returning();
    return updated;
  }

  async getShowcase(streamId: string): Promise<ProductView[]> {
    const rows = await this.#db
      .select({ product: products })
      .from(showcaseItems)
      .innerJoin(products, eq(products.id, showcaseItems.productId))
      .where(eq(showcaseItems.streamId, streamId))
      .orderBy(asc(showcaseItems.position));
    return rows.map((r) => toProductView(r.product));
  }

  /** Adds an active product to the stream's shopping bag (idempotent). Throws NOT_FOUND, FORBIDDEN, PRODUCT_NOT_AVAILABLE. */
  async addToShowcase(kolId: string, streamId: string, productId: string): Promise<ProductView[]> {
    await this.#ownStream(kolId, streamId);
    const product = await this.#catalog.getProduct(productId);
    if (product.status !== 'active') throw new AppError('PRODUCT_NOT_AVAILABLE');
    await this.#db
      .insert(showcaseItems)
      .values({
        streamId,
        productId,
        position: sql`(select coalesce(max(${showcaseItems.position}), 0) + 1 from ${showcaseItems} where ${showcaseItems.streamId} = ${streamId})`,
      })
      .onConflictDoNothing();
    await this.#offers?.recordIfLive(streamId, [productId]);
    return this.#showcaseChanged(streamId);
  }

  /**
   * Puts the shopping bag in the given order; `productIds` must name exactly the showcased products.
   * Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED.
   */
  async reorderShowcase(kolId: string, streamId: string, productIds: string[]): Promise<ProductView[]> {
    await this.#ownStream(kolId, streamId);
    await this.#db.transaction(async (tx) => {
      // Locks the stream's rows so a concurrent add cannot slip in between the check and the writes.
      const current = await tx
        .select({ productId: showcaseItems.productId })
        .from(showcaseItems)
        .where(eq(showcaseItems.streamId, streamId))
        .for('update');
      const have = new Set(current.map((r) => r.productId));
      const given = new Set(productIds);
      if (given.size !== productIds.length || given.size !== have.size || productIds.some((id) => !have.has(id))) {
        throw new AppError('VALIDATION_FAILED', 'productIds must list every showcased product exactly once', {
          missing: [...have].filter((id) => !given.has(id)),
          unknown: productIds.filter((id) => !have.has(id)),
        });
      }
      for (const [index, productId] of productIds.entries()) {
        await tx
          .update(showcaseItems)
          .set({ position: index + 1 })
          .where(and(eq(showcaseItems.streamId, streamId), eq(showcaseItems.productId, productId)));
      }
    });
    return this.#showcaseChanged(streamId);
  }

  /** Takes a product out of the shopping bag, unpinning it first if it was pinned. Throws NOT_FOUND, FORBIDDEN. */
  async removeFromShowcase(kolId: string, streamId: string, productId: string): Promise<ProductView[]> {
    const row = await this.#ownStream(kolId, streamId);
    const removed = await this.#db
      .delete(showcaseItems)
      .where(and(eq(showcaseItems.streamId, streamId), eq(showcaseItems.productId, productId)))
      .returning({ productId: showcaseItems.productId });
    if (removed.length === 0) throw new AppError('NOT_FOUND', 'That product is not in the showcase');
    if (row.pinnedProductId === productId) await this.pin(kolId, streamId, null);
    return this.#showcaseChanged(streamId);
  }

  /**
   * Takes products out of every stream's shopping bag and unpins them wherever pinned (an admin took
   * them down); each stream's viewers get pin:changed and showcase:changed.
   */
  async withdrawProducts(productIds: readonly string[]): Promise<void> {
    if (productIds.length === 0) return;
    const ids = [...new Set(productIds)];
    const { showcased, unpinned } = await this.#db.transaction(async (tx) => {
      const unpinnedRows = await tx
        .update(streams)
        .set({ pinnedProductId: null })
        .where(inArray(streams.pinnedProductId, ids))
        .returning({ id: streams.id });
      if (unpinnedRows.length > 0) await tx.insert(pinEvents).values(unpinnedRows.map((r) => ({ streamId: r.id, productId: null })));
      const removed = await tx
        .delete(showcaseItems)
        .where(inArray(showcaseItems.productId, ids))
        .returning({ streamId: showcaseItems.streamId });
      return { showcased: new Set(removed.map((r) => r.streamId)), unpinned: unpinnedRows.map((r) => r.id) };
    });
    for (const streamId of unpinned) {
      await this.#bus.publish({ room: rooms.stream(streamId), event: 'pin:changed', payload: { streamId, product: null } });
    }
    for (const streamId of showcased) await this.#showcaseChanged(streamId);
  }

  /** Tells the stream's viewers the bag changed (its products in order) and returns it. */
  async #showcaseChanged(streamId: string): Promise<ProductView[]> {
    const showcase = await this.getShowcase(streamId);
    await this.#bus.publish({
      room: rooms.stream(streamId),
      event: 'showcase:changed',
      payload: { streamId, productIds: showcase.map((p) => p.id) },
    });
    return showcase;
  }

  /** Pins a showcased product (or unpins with null); every viewer gets pin:changed. Throws NOT_FOUND, FORBIDDEN, NOT_IN_SHOWCASE. */
  async pin(kolId: string, streamId: string, productId: string | null): Promise<PinnedProductPayload | null> {
    await this.#ownStream(kolId, streamId);
    let pinned: PinnedProductPayload | null = null;
    if (productId) {
      const [item] = await this.#db
        .select({ product: products })
        .from(showcaseItems)
        .innerJoin(products, eq(products.id, showcaseItems.productId))
        .where(and(eq(showcaseItems.streamId, streamId), eq(showcaseItems.productId, productId)));
      if (!item) throw new AppError('NOT_IN_SHOWCASE');
      pinned = toPinnedProduct(item.product);
    }
    await this.#db.transaction(async (tx) => {
      await tx.update(streams).set({ pinnedProductId: productId }).where(eq(streams.id, streamId));
      await tx.insert(pinEvents).values({ streamId, productId });
    });
    if (productId) await this.#offers?.recordIfLive(streamId, [productId]);
    await this.#bus.publish({ room: rooms.stream(streamId), event: 'pin:changed', payload: { streamId, product: pinned } });
    return pinned;
  }

  /** The stream just went live: its showcase and its open sale are on offer from now. */
  async #recordOnAir(streamId: string): Promise<void> {
    if (!this.#offers) return;
    await this.#offers.recordShowcase(streamId);
    const sale = await this.#sales.getActiveSaleForStream(streamId);
    if (sale?.status === 'live') await this.#offers.recordIfLive(streamId, [sale.productId]);
  }

  async getPinnedProduct(row: StreamRow): Promise<PinnedProductPayload | null> {
    if (!row.pinnedProductId) return null;
    const [product] = await this.#db
      .select()
      .from(products)
      .where(inArray(products.id, [row.pinnedProductId]));
    return product ? toPinnedProduct(product) : null;
  }

  async #ownStream(kolId: string, streamId: string): Promise<StreamRow> {
    const row = await this.getStreamRow(streamId);
    if (row.kolId !== kolId) throw new AppError('FORBIDDEN', "Only the stream's KOL may do this");
    return row;
  }
}

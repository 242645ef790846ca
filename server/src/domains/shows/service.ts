import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { products, showcaseItems, showPlans, streams } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { CatalogService } from '../catalog/service.ts';
import type { StreamService } from '../streams/service.ts';
import type { CreateShowInput, UpdateShowInput } from './schema.ts';
import type { ShowProductView, ShowStatus, ShowView } from './views.ts';

/** Shows a KOL sees at once on "My shows". */
const MY_SHOWS_LIMIT = 100;

type StreamRow = typeof streams.$inferSelect;
type PlanRow = typeof showPlans.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toProduct(row: typeof products.$inferSelect): ShowProductView {
  return {
    id: row.id,
    title: row.title,
    priceCents: row.priceCents,
    currency: row.currency,
    imageUrl: row.imageUrl,
    stock: row.stock,
    kolCommissionBps: row.kolCommissionBps,
    commissionCents: Math.floor((row.priceCents * row.kolCommissionBps) / 10_000),
  };
}

function toShow(row: StreamRow, plan: PlanRow | null, featured: ShowProductView[]): ShowView {
  const status: ShowStatus = plan?.cancelledAt ? 'cancelled' : row.status;
  return {
    id: row.id,
    title: row.title,
    status,
    scheduledAt: iso(row.scheduledAt),
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    coverUrl: plan?.coverUrl ?? null,
    products: featured,
  };
}

/**
 * A KOL's "My shows": a show is a stream (the streams domain keeps its status and showcase) plus a
 * plan row with its cover and whether it was cancelled. A cancelled show is an ended stream that
 * never started, so nothing can start it again.
 */
export class ShowPlanner {
  readonly #db: Db;
  readonly #streams: StreamService;
  readonly #catalog: CatalogService;

  constructor(deps: { db: Db; streams: StreamService; catalog: CatalogService }) {
    this.#db = deps.db;
    this.#streams = deps.streams;
    this.#catalog = deps.catalog;
  }

  /** Live first, then upcoming by time, then the rest newest first. */
  async listMine(kolId: string): Promise<ShowView[]> {
    const rows = await this.#db
      .select({ stream: streams, plan: showPlans })
      .from(streams)
      .leftJoin(showPlans, eq(showPlans.streamId, streams.id))
      .where(eq(streams.kolId, kolId))
      .orderBy(
        sql`case ${streams.status} when 'live' then 0 when 'scheduled' then 1 else 2 end`,
        sql`case when ${streams.status} = 'scheduled' then ${streams.scheduledAt} end asc nulls last`,
        desc(streams.createdAt),
      )
      .limit(MY_SHOWS_LIMIT);
    const featured = await this.#featured(rows.map((r) => r.stream.id));
    return rows.map((r) => toShow(r.stream, r.plan, featured.get(r.stream.id) ?? []));
  }

  /** Throws NOT_FOUND, FORBIDDEN. */
  async getShow(kolId: string, streamId: string): Promise<ShowView> {
    const [row] = await this.#db
      .select({ stream: streams, plan: showPlans })
      .from(streams)
      .leftJoin(showPlans, eq(showPlans.streamId, streams.id))
      .where(eq(streams.id, streamId));
    if (!row) throw new AppError('NOT_FOUND', 'Show not found');
    if (row.stream.kolId !== kolId) throw new AppError('FORBIDDEN', "Only the show's KOL may do this");
    return toShow(row.stream, row.plan, (await this.#featured([streamId])).get(streamId) ?? []);
  }

  /** Creates a show with its cover and featured products. Throws NOT_FOUND, PRODUCT_NOT_AVAILABLE (nothing is created then). */
  async create(kolId: string, input: CreateShowInput): Promise<ShowView> {
    const productIds = [...new Set(input.productIds)];
    await this.#assertSellable(productIds);
    const stream = await this.#streams.createStream(kolId, { title: input.title, scheduledAt: input.scheduledAt ?? undefined });
    await this.#db.insert(showPlans).values({ streamId: stream.id, coverUrl: input.coverUrl ?? null });
    for (const productId of productIds) await this.#streams.addToShowcase(kolId, stream.id, productId);
    return this.getShow(kolId, stream.id);
  }

  /**
   * Changes a show that has not started: title, time, cover, and the featured products (the
   * showcase becomes exactly `productIds`, in that order). Throws NOT_FOUND, FORBIDDEN,
   * SHOW_NOT_EDITABLE, PRODUCT_NOT_AVAILABLE.
   */
  async update(kolId: string, streamId: string, input: UpdateShowInput): Promise<ShowView> {
    const show = await this.getShow(kolId, streamId);
    if (show.status !== 'scheduled') throw new AppError('SHOW_NOT_EDITABLE');
    const productIds = input.productIds ? [...new Set(input.productIds)] : undefined;
    const current = show.products.map((p) => p.id);
    const added = productIds?.filter((id) => !current.includes(id)) ?? [];
    await this.#assertSellable(added);
    const fields = {
      ...(input.title === undefined ? {} : { title: input.title }),
      ...(input.scheduledAt === undefined ? {} : { scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null }),
    };
    if (Object.keys(fields).length > 0) {
      const [updated] = await this.#db
        .update(streams)
        .set(fields)
        .where(and(eq(streams.id, streamId), eq(streams.status, 'scheduled')))
        .returning({ id: streams.id });
      if (!updated) throw new AppError('SHOW_NOT_EDITABLE');
    }
    if (input.coverUrl !== undefined) {
      await this.#db
        .insert(showPlans)
        .values({ streamId, coverUrl: input.coverUrl })
        .onConflictDoUpdate({ target: showPlans.streamId, set: { coverUrl: input.coverUrl, updatedAt: new Date() } });
    }
    if (productIds) {
      for (const id of current.filter((id) => !productIds.includes(id))) await this.#streams.removeFromShowcase(kolId, streamId, id);
      for (const id of added) await this.#streams.addToShowcase(kolId, streamId, id);
      if (productIds.length > 0) await this.#streams.reorderShowcase(kolId, streamId, productIds);
    }
    return this.getShow(kolId, streamId);
  }

  /** Calls off a show that has not started; its page says it ended. Throws NOT_FOUND, FORBIDDEN, SHOW_NOT_EDITABLE. */
  async cancel(kolId: string, streamId: string): Promise<ShowView> {
    const show = await this.getShow(kolId, streamId);
    if (show.status !== 'scheduled') throw new AppError('SHOW_NOT_EDITABLE');
    const now = new Date();
    const row = await this.#db.transaction(async (tx) => {
      const [ended] = await tx
        .update(streams)
        .set({ status: 'ended', endedAt: now, endedBy: 'kol' })
        .where(and(eq(streams.id, streamId), eq(streams.status, 'scheduled')))
        .returning();
      if (!ended) throw new AppError('SHOW_NOT_EDITABLE');
      await tx
        .insert(showPlans)
        .values({ streamId, cancelledAt: now })
        .onConflictDoUpdate({ target: showPlans.streamId, set: { cancelledAt: now, updatedAt: now } });
      return ended;
    });
    await this.#streams.announceEnded(row, 'kol');
    return this.getShow(kolId, streamId);
  }

  async #assertSellable(productIds: readonly string[]): Promise<void> {
    for (const productId of productIds) {
      const product = await this.#catalog.getProduct(productId);
      if (product.status !== 'active') throw new AppError('PRODUCT_NOT_AVAILABLE', `${product.title} is not on sale`);
    }
  }

  async #featured(streamIds: readonly string[]): Promise<Map<string, ShowProductView[]>> {
    const byStream = new Map<string, ShowProductView[]>();
    if (streamIds.length === 0) return byStream;
    const rows = await this.#db
      .select({ streamId: showcaseItems.streamId, product: products })
      .from(showcaseItems)
      .innerJoin(products, eq(products.id, showcaseItems.productId))
      .where(inArray(showcaseItems.streamId, [...streamIds]))
      .orderBy(asc(showcaseItems.position));
    for (const row of rows) byStream.set(row.streamId, [...(byStream.get(row.streamId) ?? []), toProduct(row.product)]);
    return byStream;
  }
}

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { flashSaleHolds, flashSales } from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import type { DbOrTx } from '../catalog/service.ts';
import { type HoldRecord, parseJournalEntry } from './hold-data.ts';
import type { SaleStore } from './sale-store.ts';

/**
 * Copies a sale's hold journal (a Redis stream the Lua scripts append to) into PostgreSQL.
 *
 * The sale's row is locked while a batch is applied and the cursor moves in the same
 * transaction, so each entry lands once however many processes drain, and PostgreSQL always
 * holds the sale exactly as it was at some point of the journal: what a rebuild starts from.
 */
export class HoldJournal {
  readonly #db: Db;
  readonly #store: SaleStore;
  readonly #clock: Clock;
  readonly #batchSize: number;

  constructor(deps: { db: Db; store: SaleStore; clock: Clock; batchSize?: number }) {
    this.#db = deps.db;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#batchSize = deps.batchSize ?? 2000;
  }

  /** Applies the sale's new journal entries, inside `tx` when given; returns how many. */
  async drain(saleId: string, tx?: DbOrTx): Promise<number> {
    if (tx) return this.#drainIn(tx, saleId);
    return this.#db.transaction((own) => this.#drainIn(own, saleId));
  }

  async #drainIn(tx: DbOrTx, saleId: string): Promise<number> {
    const [row] = await tx
      .select({ cursor: flashSales.journalCursor })
      .from(flashSales)
      .where(eq(flashSales.id, saleId))
      .for('no key update');
    if (!row) return 0;
    // Entries up to the committed cursor are in PostgreSQL for good.
    if (row.cursor !== '0-0') await this.#store.trimJournal(saleId, row.cursor);

    let cursor = row.cursor;
    let applied = 0;
    for (;;) {
      const entries = await this.#store.readJournal(saleId, cursor, this.#batchSize);
      if (entries.length === 0) break;
      const latest = new Map<string, HoldRecord>();
      for (const [id, fields] of entries) {
        const hold = parseJournalEntry(fields);
        if (hold) latest.set(hold.id, hold);
        cursor = id;
      }
      await this.#upsert(tx, saleId, [...latest.values()]);
      applied += entries.length;
      if (entries.length < this.#batchSize) break;
    }
    if (applied === 0) return 0;
    await tx
      .update(flashSales)
      .set({
        journalCursor: cursor,
        soldCount: sql`(select coalesce(sum(${flashSaleHolds.quantity}), 0) from ${flashSaleHolds} where ${flashSaleHolds.saleId} = ${saleId} and ${flashSaleHolds.status} = 'sold')`,
        updatedAt: this.#clock.now(),
      })
      .where(eq(flashSales.id, saleId));
    return applied;
  }

  async #upsert(tx: DbOrTx, saleId: string, holds: HoldRecord[]): Promise<void> {
    if (holds.length === 0) return;
    const now = this.#clock.now();
    await tx
      .insert(flashSaleHolds)
      .values(
        holds.map((h) => ({
          id: h.id,
          saleId,
          userId: h.userId,
          quantity: h.quantity,
          status: h.status,
          idempotencyKey: h.key === '' ? null : h.key,
          expiresAt: new Date(h.expiresAtMs),
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: flashSaleHolds.id,
        set: { status: sql`excluded.status`, expiresAt: sql`excluded.expires_at`, updatedAt: sql`excluded.updated_at` },
      });
  }
}

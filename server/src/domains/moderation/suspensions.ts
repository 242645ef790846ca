import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { merchantSuspensions } from '../../../../db/schema/index.ts';
import type { DbOrTx } from '../catalog/service.ts';
import type { SuspensionView } from './schema.ts';

const toView = (row: { reason: string; suspendedAt: Date }): SuspensionView => ({ reason: row.reason, at: row.suspendedAt.toISOString() });

/**
 * Which merchants an admin suspended, and why. Other domains ask through the functions the
 * services wiring hands them (catalog and flash-sale guards, the payout hold, `/api/me`).
 */
export class MerchantSuspensions {
  readonly #db: Db;

  constructor(deps: { db: Db }) {
    this.#db = deps.db;
  }

  /** Whether an admin suspended the user's shop (one primary-key lookup: guards call it on every edit). */
  async isSuspended(userId: string): Promise<boolean> {
    return (await this.suspensionOf(userId)) !== null;
  }

  /** Why and since when the user is suspended; null when not. */
  async suspensionOf(userId: string): Promise<SuspensionView | null> {
    const [row] = await this.#db.select().from(merchantSuspensions).where(eq(merchantSuspensions.userId, userId));
    return row ? toView(row) : null;
  }

  /** The suspensions of these users; those not suspended are left out. */
  async suspensionsOf(userIds: readonly string[]): Promise<Map<string, SuspensionView>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.#db
      .select()
      .from(merchantSuspensions)
      .where(inArray(merchantSuspensions.userId, [...new Set(userIds)]));
    return new Map(rows.map((r) => [r.userId, toView(r)]));
  }

  /** Every suspended user (a short list: it is read whole by the payout run). */
  async suspendedIds(): Promise<Set<string>> {
    const rows = await this.#db.select({ userId: merchantSuspensions.userId }).from(merchantSuspensions);
    return new Set(rows.map((r) => r.userId));
  }

  /** Records a suspension; false when the user is suspended already. */
  async add(tx: DbOrTx, suspension: { userId: string; reason: string; adminId: string; at: Date }): Promise<boolean> {
    const rows = await tx
      .insert(merchantSuspensions)
      .values({ userId: suspension.userId, reason: suspension.reason, adminId: suspension.adminId, suspendedAt: suspension.at })
      .onConflictDoNothing()
      .returning({ userId: merchantSuspensions.userId });
    return rows.length > 0;
  }

  /** Ends a suspension; false when the user was not suspended. */
  async remove(tx: DbOrTx, userId: string): Promise<boolean> {
    const rows = await tx
      .delete(merchantSuspensions)
      .where(eq(merchantSuspensions.userId, userId))
      .returning({ userId: merchantSuspensions.userId });
    return rows.length > 0;
  }
}

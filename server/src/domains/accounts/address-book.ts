import { and, asc, count, desc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { type ShippingAddress, savedAddresses, users } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { DbOrTx } from '../catalog/service.ts';
import type { AddressInput, AddressPatch } from './schema.ts';
import type { SavedAddressView } from './views.ts';

/** Addresses one user may keep. */
export const ADDRESS_BOOK_SIZE = 20;

type Row = typeof savedAddresses.$inferSelect;

const toView = (row: Row): SavedAddressView => ({
  id: row.id,
  address: row.address,
  isDefault: row.isDefault,
  createdAt: row.createdAt.toISOString(),
});

/** Drops the optional fields that are empty, so an address reads the same however it was sent. */
function clean(address: ShippingAddress): ShippingAddress {
  return Object.fromEntries(Object.entries(address).filter(([, value]) => value !== undefined && value !== '')) as ShippingAddress;
}

/**
 * The buyer's saved shipping addresses. Another user's address is NOT_FOUND, never FORBIDDEN, so
 * ids cannot be probed. The first address, or one marked `isDefault`, becomes the default.
 */
export class AddressBook {
  readonly #db: Db;

  constructor(deps: { db: Db }) {
    this.#db = deps.db;
  }

  /** The default first, then newest first. */
  async list(userId: string): Promise<SavedAddressView[]> {
    const rows = await this.#db
      .select()
      .from(savedAddresses)
      .where(eq(savedAddresses.userId, userId))
      .orderBy(desc(savedAddresses.isDefault), desc(savedAddresses.createdAt), asc(savedAddresses.id));
    return rows.map(toView);
  }

  /** Throws ADDRESS_BOOK_FULL. */
  async add(userId: string, input: AddressInput): Promise<SavedAddressView> {
    const { isDefault, ...address } = input;
    return this.#db.transaction(async (tx) => {
      await this.#lockBook(tx, userId);
      const [{ value: have = 0 } = { value: 0 }] = await tx
        .select({ value: count() })
        .from(savedAddresses)
        .where(eq(savedAddresses.userId, userId));
      if (have >= ADDRESS_BOOK_SIZE) throw new AppError('ADDRESS_BOOK_FULL');
      const makeDefault = have === 0 || isDefault === true;
      if (makeDefault) await this.#clearDefault(tx, userId);
      const [row] = await tx
        .insert(savedAddresses)
        .values({ userId, address: clean(address), isDefault: makeDefault })
        .returning();
      if (!row) throw new Error('insert returned no row');
      return toView(row);
    });
  }

  /** Changes fields of one of the user's addresses. Throws NOT_FOUND. */
  async update(userId: string, id: string, patch: AddressPatch): Promise<SavedAddressView> {
    const { isDefault, ...fields } = patch;
    return this.#db.transaction(async (tx) => {
      await this.#lockBook(tx, userId);
      const [row] = await tx
        .select()
        .from(savedAddresses)
        .where(and(eq(savedAddresses.id, id), eq(savedAddresses.userId, userId)))
        .for('update');
      if (!row) throw new AppError('NOT_FOUND', 'Address not found');
      if (isDefault === true) await this.#clearDefault(tx, userId);
      const [updated] = await tx
        .update(savedAddresses)
        .set({
          address: clean({ ...row.address, ...fields }),
          ...(isDefault === undefined ? {} : { isDefault }),
          updatedAt: new Date(),
        })
        .where(eq(savedAddresses.id, id))
        .returning();
      if (!updated) throw new AppError('NOT_FOUND', 'Address not found');
      return toView(updated);
    });
  }

  /** Deletes one of the user's addresses; if it was the default, the newest other one becomes it. Throws NOT_FOUND. */
  async remove(userId: string, id: string): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await this.#lockBook(tx, userId);
      const [removed] = await tx
        .delete(savedAddresses)
        .where(and(eq(savedAddresses.id, id), eq(savedAddresses.userId, userId)))
        .returning();
      if (!removed) throw new AppError('NOT_FOUND', 'Address not found');
      if (!removed.isDefault) return;
      const [next] = await tx
        .select({ id: savedAddresses.id })
        .from(savedAddresses)
        .where(and(eq(savedAddresses.userId, userId), ne(savedAddresses.id, id)))
        .orderBy(desc(savedAddresses.createdAt))
        .limit(1);
      if (next) await tx.update(savedAddresses).set({ isDefault: true }).where(eq(savedAddresses.id, next.id));
    });
  }

  /**
   * One writer per user's book at a time, always taken first: two adds cannot both pass the size
   * check, and two default changes cannot lock each other's rows in opposite orders (a deadlock).
   */
  async #lockBook(tx: DbOrTx, userId: string): Promise<void> {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  }

  async #clearDefault(tx: DbOrTx, userId: string): Promise<void> {
    await tx
      .update(savedAddresses)
      .set({ isDefault: false })
      .where(and(eq(savedAddresses.userId, userId), eq(savedAddresses.isDefault, true)));
  }
}

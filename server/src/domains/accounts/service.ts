import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { creatorProfiles, type MerchantStoreStatus, merchantStores, type Role, users } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor, olderThan } from '../../page-cursor.ts';
import type { DbOrTx } from '../catalog/service.ts';
import type { StoreInput } from './schema.ts';
import type { AccountChange, AccountUser, AccountView, StoreRequestView, StoreView } from './views.ts';

type StoreRow = typeof merchantStores.$inferSelect;
type UserRow = typeof users.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toUser(row: UserRow): AccountUser {
  return { id: row.id, email: row.email, displayName: row.displayName, roles: row.roles, createdAt: row.createdAt.toISOString() };
}

function toStoreView(row: StoreRow): StoreView {
  return {
    userId: row.userId,
    name: row.name,
    logoUrl: row.logoUrl,
    returnAddress: row.returnAddress,
    status: row.status,
    declineReason: row.declineReason,
    decidedAt: iso(row.decidedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Adds `role` to the user's roles (once). */
async function addRole(db: DbOrTx, userId: string, role: Role): Promise<void> {
  await db
    .update(users)
    .set({
      roles: sql`case when ${role}::text = any(${users.roles}) then ${users.roles} else array_append(${users.roles}, ${role}::text) end`,
    })
    .where(eq(users.id, userId));
}

/**
 * The self-serve side of roles: a user's profile, becoming a creator (KOL), and a merchant store,
 * which is approved at once (MERCHANT_APPROVAL=auto) or waits for an admin (admin). Every role
 * change bumps the user's session version (old tokens stop working) and answers a fresh token.
 */
export class AccountService {
  readonly #db: Db;
  readonly #merchantApproval: 'auto' | 'admin';
  readonly #issueToken: (userId: string, roles: Role[]) => Promise<string>;
  readonly #rolesChanged: (userId: string) => Promise<void>;
  readonly #notify: (userId: string, kind: string, payload: Record<string, unknown>) => Promise<void>;

  constructor(deps: {
    db: Db;
    merchantApproval: 'auto' | 'admin';
    /** Signs a token for the user with these roles. */
    issueToken: (userId: string, roles: Role[]) => Promise<string>;
    /** Tokens signed before now stop working (helper AUTH's SessionVersions.bump when it exists). */
    rolesChanged: (userId: string) => Promise<void>;
    notify: (userId: string, kind: string, payload: Record<string, unknown>) => Promise<void>;
  }) {
    this.#db = deps.db;
    this.#merchantApproval = deps.merchantApproval;
    this.#issueToken = deps.issueToken;
    this.#rolesChanged = deps.rolesChanged;
    this.#notify = deps.notify;
  }

  get merchantApproval(): 'auto' | 'admin' {
    return this.#merchantApproval;
  }

  /** The user, their creator profile and store. Throws NOT_FOUND. */
  async getAccount(userId: string): Promise<AccountView> {
    const [row] = await this.#db
      .select({ user: users, creator: creatorProfiles, store: merchantStores })
      .from(users)
      .leftJoin(creatorProfiles, eq(creatorProfiles.userId, users.id))
      .leftJoin(merchantStores, eq(merchantStores.userId, users.id))
      .where(eq(users.id, userId));
    if (!row) throw new AppError('NOT_FOUND', 'User not found');
    return {
      user: toUser(row.user),
      creator: row.creator ? { bio: row.creator.bio, createdAt: row.creator.createdAt.toISOString() } : null,
      store: row.store ? toStoreView(row.store) : null,
      merchantApproval: this.#merchantApproval,
    };
  }

  /** Changes the name others see. Throws NOT_FOUND. */
  async updateProfile(userId: string, input: { displayName: string }): Promise<AccountView> {
    await this.#db.update(users).set({ displayName: input.displayName }).where(eq(users.id, userId));
    return this.getAccount(userId);
  }

  /** Makes the user a creator (KOL) with a profile; changing the bio later keeps the role. */
  async becomeCreator(userId: string, input: { bio: string }): Promise<AccountChange> {
    const isNew = await this.#db.transaction(async (tx) => {
      await tx
        .insert(creatorProfiles)
        .values({ userId, bio: input.bio })
        .onConflictDoUpdate({ target: creatorProfiles.userId, set: { bio: input.bio, updatedAt: new Date() } });
      const [user] = await tx.select({ roles: users.roles }).from(users).where(eq(users.id, userId));
      if (!user) throw new AppError('NOT_FOUND', 'User not found');
      if (user.roles.includes('kol')) return false;
      await addRole(tx, userId, 'kol');
      return true;
    });
    if (isNew) await this.#rolesChanged(userId);
    return this.#withToken(userId);
  }

  /**
   * Opens (or edits) the user's store. A new request is approved at once with MERCHANT_APPROVAL=auto
   * and waits in the admins' queue with `admin`; a merchant's edits apply at once; a declined
   * request may be sent again. Throws STORE_REQUEST_PENDING when one already waits.
   */
  async openStore(userId: string, input: StoreInput): Promise<AccountChange> {
    const now = new Date();
    const granted = await this.#db.transaction(async (tx) => {
      const [user] = await tx.select({ roles: users.roles }).from(users).where(eq(users.id, userId)).for('update');
      if (!user) throw new AppError('NOT_FOUND', 'User not found');
      const [existing] = await tx.select().from(merchantStores).where(eq(merchantStores.userId, userId));
      const isMerchant = user.roles.includes('merchant');
      if (existing?.status === 'pending' && !isMerchant) throw new AppError('STORE_REQUEST_PENDING');
      const status: MerchantStoreStatus = isMerchant || this.#merchantApproval === 'auto' ? 'approved' : 'pending';
      const fields = { name: input.name, logoUrl: input.logoUrl ?? null, returnAddress: input.returnAddress, status };
      const decision = status === 'approved' && !isMerchant ? { decidedAt: now, decidedBy: null } : { decidedAt: null, decidedBy: null };
      await tx
        .insert(merchantStores)
        .values({ userId, ...fields, ...decision, declineReason: null })
        .onConflictDoUpdate({
          target: merchantStores.userId,
          set: { ...fields, ...(isMerchant ? {} : { ...decision, declineReason: null, createdAt: now }), updatedAt: now },
        });
      if (status !== 'approved' || isMerchant) return false;
      await addRole(tx, userId, 'merchant');
      return true;
    });
    if (granted) await this.#rolesChanged(userId);
    return this.#withToken(userId);
  }

  /** Store requests by status, newest first. */
  async listStoreRequests(filter: {
    status: MerchantStoreStatus;
    cursor?: string | undefined;
    limit: number;
  }): Promise<{ items: StoreRequestView[]; nextCursor: string | null }> {
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const rows = await this.#db
      .select({ store: merchantStores, user: users, exactCreatedAt: sql<string>`${merchantStores.createdAt}::text` })
      .from(merchantStores)
      .innerJoin(users, eq(users.id, merchantStores.userId))
      .where(
        and(
          eq(merchantStores.status, filter.status),
          after ? olderThan(merchantStores.createdAt, merchantStores.userId, after) : undefined,
        ),
      )
      .orderBy(desc(merchantStores.createdAt), desc(merchantStores.userId))
      .limit(filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({ ...toStoreView(r.store), displayName: r.user.displayName, email: r.user.email })),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.exactCreatedAt, last.store.userId) : null,
    };
  }

  /**
   * An admin approves a waiting store: the user becomes a merchant and is told. The user's tokens
   * stay valid (a role was only added, and revoking them would sign the person out of the page that
   * waits for the answer); their pages fetch one with the new role (`refreshToken`).
   * Throws NOT_FOUND, STORE_REQUEST_NOT_PENDING.
   */
  async approveStore(adminId: string, userId: string): Promise<StoreView> {
    const row = await this.#db.transaction(async (tx) => {
      const store = await this.#decide(tx, adminId, userId, { status: 'approved', declineReason: null });
      await addRole(tx, userId, 'merchant');
      return store;
    });
    await this.#notify(userId, 'store_approved', { storeName: row.name });
    return toStoreView(row);
  }

  /** An admin declines a waiting store, saying why; the user is told and may send it again. */
  async declineStore(adminId: string, userId: string, reason: string): Promise<StoreView> {
    const row = await this.#decide(this.#db, adminId, userId, { status: 'declined', declineReason: reason });
    await this.#notify(userId, 'store_declined', { storeName: row.name, reason });
    return toStoreView(row);
  }

  async #decide(
    db: DbOrTx,
    adminId: string,
    userId: string,
    decision: { status: 'approved' | 'declined'; declineReason: string | null },
  ): Promise<StoreRow> {
    const now = new Date();
    const [row] = await db
      .update(merchantStores)
      .set({ ...decision, decidedBy: adminId, decidedAt: now, updatedAt: now })
      .where(and(eq(merchantStores.userId, userId), eq(merchantStores.status, 'pending')))
      .returning();
    if (row) return row;
    const [exists] = await db.select({ userId: merchantStores.userId }).from(merchantStores).where(eq(merchantStores.userId, userId));
    throw exists ? new AppError('STORE_REQUEST_NOT_PENDING') : new AppError('NOT_FOUND', 'No store request from this user');
  }

  /** The account and a token with the roles the user holds now (after an admin approved the store). */
  async refreshToken(userId: string): Promise<AccountChange> {
    return this.#withToken(userId);
  }

  async #withToken(userId: string): Promise<AccountChange> {
    const account = await this.getAccount(userId);
    return { ...account, token: await this.#issueToken(userId, account.user.roles) };
  }
}

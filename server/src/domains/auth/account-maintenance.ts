import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { users } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { DbOrTx } from '../catalog/service.ts';
import type { PasswordHasher } from './password.ts';
import type { SessionVersions } from './session-versions.ts';

/** What an erased account shows where its name appears (comments, reviews, order lists). */
export const ERASED_DISPLAY_NAME = 'Deleted account';
/** No password hash ever matches it: an erased account cannot sign in. */
const NO_PASSWORD = '!erased';

/** The account's own profile, as its data export lists it. */
export interface AccountProfile {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  createdAt: string;
}

/**
 * Changes to an account made by tools and by the account's owner outside sign-in: the demo's
 * generated admin password, and erasing an account (DELETE /api/me). Both revoke the user's sessions.
 */
export class AccountMaintenance {
  readonly #db: Db;
  readonly #sessions: SessionVersions;
  readonly #passwords: PasswordHasher;

  constructor(deps: { db: Db; sessions: SessionVersions; passwords: PasswordHasher }) {
    this.#db = deps.db;
    this.#sessions = deps.sessions;
    this.#passwords = deps.passwords;
  }

  /** Sets the password of the account with this email and signs it out everywhere. Throws NOT_FOUND. */
  async setPassword(email: string, password: string): Promise<void> {
    const passwordHash = await this.#passwords.hash(password);
    const [row] = await this.#db.update(users).set({ passwordHash }).where(eq(users.email, email)).returning({ id: users.id });
    if (!row) throw new AppError('NOT_FOUND', 'No account has this email');
    await this.#sessions.bump(row.id);
  }

  /** The account's profile for its data export. Throws NOT_FOUND. */
  async profileOf(userId: string): Promise<AccountProfile> {
    const [row] = await this.#db.select().from(users).where(eq(users.id, userId));
    if (!row) throw new AppError('NOT_FOUND', 'Account not found');
    return { id: row.id, email: row.email, displayName: row.displayName, roles: row.roles, createdAt: row.createdAt.toISOString() };
  }

  /**
   * Erases the account's email and name and makes it unusable (no password, no roles). The row
   * stays, so orders and ledger entries that point at it keep their meaning for accounting.
   * Call `revoke` after the surrounding transaction commits.
   */
  async erase(userId: string, db: DbOrTx = this.#db): Promise<void> {
    await db
      .update(users)
      .set({ email: `erased-${userId}@erased.invalid`, displayName: ERASED_DISPLAY_NAME, passwordHash: NO_PASSWORD, roles: [] })
      .where(eq(users.id, userId));
  }

  /** Every token and socket of the user stops working (within SessionVersions' cache time). */
  async revoke(userId: string): Promise<void> {
    await this.#sessions.bump(userId);
  }
}

import { and, arrayContains, desc, eq, ilike, inArray, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { type Role, users } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor, olderThan } from '../../page-cursor.ts';
import { isUniqueViolation } from '../../pg-errors.ts';
import { PasswordHasher } from './password.ts';
import type { RegisterInput } from './schema.ts';
import type { TokenService } from './tokens.ts';

export interface PublicUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  createdAt: string;
}

/** LIKE patterns match the text literally: %, _ and \\ are escaped. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function toPublicUser(row: typeof users.$inferSelect): PublicUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    roles: row.roles,
    createdAt: row.createdAt.toISOString(),
  };
}

export class AuthService {
  readonly #db: Db;
  readonly #tokens: TokenService;
  readonly #passwords: PasswordHasher;
  /** With `admin`, sign-up never grants `merchant`: the store request waits for an admin (accounts domain). */
  readonly #merchantApproval: 'auto' | 'admin';

  constructor(deps: { db: Db; tokens: TokenService; passwords?: PasswordHasher; merchantApproval?: 'auto' | 'admin' }) {
    this.#db = deps.db;
    this.#tokens = deps.tokens;
    this.#passwords = deps.passwords ?? new PasswordHasher();
    this.#merchantApproval = deps.merchantApproval ?? 'auto';
  }

  /** Creates an account (never with the admin role). Throws EMAIL_TAKEN. */
  async register(input: RegisterInput): Promise<{ user: PublicUser; token: string }> {
    const wanted: Role[] = input.roles ? [...new Set(input.roles)] : ['viewer'];
    const roles = this.#merchantApproval === 'admin' ? wanted.filter((role) => role !== 'merchant') : wanted;
    return this.createAccount({ ...input, roles: roles.length > 0 ? roles : ['viewer'] });
  }

  /** Creates an account with any roles, admin too: for the demo data and tools, never for a request. Throws EMAIL_TAKEN. */
  async createAccount(input: {
    email: string;
    password: string;
    displayName: string;
    roles: Role[];
  }): Promise<{ user: PublicUser; token: string }> {
    const passwordHash = await this.#passwords.hash(input.password);
    try {
      const [row] = await this.#db
        .insert(users)
        .values({ email: input.email, passwordHash, displayName: input.displayName, roles: input.roles })
        .returning();
      if (!row) throw new Error('insert returned no row');
      return { user: toPublicUser(row), token: await this.#sign(row) };
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('EMAIL_TAKEN');
      throw error;
    }
  }

  #sign(row: typeof users.$inferSelect): Promise<string> {
    return this.#tokens.sign({ userId: row.id, roles: row.roles }, row.tokenVersion);
  }

  /**
   * Throws INVALID_CREDENTIALS. An unknown email costs the same scrypt work as a wrong password, so
   * the answer time does not tell which emails have accounts. A hash made with weaker parameters
   * than today's is made anew.
   */
  async login(email: string, password: string): Promise<{ user: PublicUser; token: string }> {
    const [row] = await this.#db.select().from(users).where(eq(users.email, email));
    if (!row) {
      await this.#passwords.verifyDummy(password);
      throw new AppError('INVALID_CREDENTIALS');
    }
    const check = await this.#passwords.verify(password, row.passwordHash);
    if (!check.ok) throw new AppError('INVALID_CREDENTIALS');
    if (check.needsRehash) await this.#setPasswordHash(row.id, await this.#passwords.hash(password), row.passwordHash);
    return { user: toPublicUser(row), token: await this.#sign(row) };
  }

  /**
   * Replaces the password after checking the current one (CURRENT_PASSWORD_WRONG). The caller revokes
   * the user's sessions (SessionVersions.bump) and hands out a new token with `issueToken`.
   */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const [row] = await this.#db.select().from(users).where(eq(users.id, userId));
    if (!row) throw new AppError('NOT_FOUND', 'User not found');
    if (!(await this.#passwords.verify(currentPassword, row.passwordHash)).ok) {
      throw new AppError('CURRENT_PASSWORD_WRONG');
    }
    await this.#setPasswordHash(userId, await this.#passwords.hash(newPassword));
  }

  /** A token for the user with the roles and session version they hold now. Throws NOT_FOUND. */
  async issueToken(userId: string): Promise<string> {
    const [row] = await this.#db.select().from(users).where(eq(users.id, userId));
    if (!row) throw new AppError('NOT_FOUND', 'User not found');
    return this.#sign(row);
  }

  /** With `previous`, a compare-and-set: a rehash at sign-in never overwrites a password changed meanwhile. */
  async #setPasswordHash(userId: string, passwordHash: string, previous?: string): Promise<void> {
    await this.#db
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, userId), previous === undefined ? undefined : eq(users.passwordHash, previous)));
  }

  /** Throws NOT_FOUND. */
  async getUser(userId: string): Promise<PublicUser> {
    const [row] = await this.#db.select().from(users).where(eq(users.id, userId));
    if (!row) throw new AppError('NOT_FOUND', 'User not found');
    return toPublicUser(row);
  }

  /**
   * Users holding `role`, newest first, whose display name or email contains `q`; `onlyIds` and
   * `exceptIds` narrow the list by id. `cursor` is the `nextCursor` of the page before.
   */
  async listUsersWithRole(filter: {
    role: Role;
    q?: string | undefined;
    onlyIds?: readonly string[];
    exceptIds?: readonly string[];
    cursor?: string | undefined;
    limit: number;
  }): Promise<{ items: PublicUser[]; nextCursor: string | null }> {
    const pattern = filter.q ? `%${escapeLike(filter.q)}%` : undefined;
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    if (filter.onlyIds?.length === 0) return { items: [], nextCursor: null };
    const rows = await this.#db
      .select({ user: users, exactCreatedAt: sql<string>`${users.createdAt}::text` })
      .from(users)
      .where(
        and(
          arrayContains(users.roles, [filter.role]),
          pattern ? or(ilike(users.displayName, pattern), ilike(users.email, pattern)) : undefined,
          filter.onlyIds ? inArray(users.id, [...filter.onlyIds]) : undefined,
          filter.exceptIds?.length ? notInArray(users.id, [...filter.exceptIds]) : undefined,
          after ? olderThan(users.createdAt, users.id, after) : undefined,
        ),
      )
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => toPublicUser(r.user)),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.exactCreatedAt, last.user.id) : null,
    };
  }

  /**
   * Adds a role to the account with this email (the admin bootstrap; `register` never grants admin).
   * The caller revokes the user's tokens (SessionVersions.bump): the user signs in again for a
   * token with the new role. Throws NOT_FOUND.
   */
  async grantRole(email: string, role: Role): Promise<PublicUser> {
    const [row] = await this.#db
      .update(users)
      .set({
        roles: sql`case when ${role}::text = any(${users.roles}) then ${users.roles} else array_append(${users.roles}, ${role}::text) end`,
      })
      .where(eq(users.email, email.toLowerCase()))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', `No account with the email ${email}`);
    return toPublicUser(row);
  }

  /** Display names for a set of users (comments, order views). */
  async getDisplayName(userId: string): Promise<string> {
    const [row] = await this.#db.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId));
    return row?.displayName ?? 'someone';
  }

  /** Display names by user id, in one query; unknown ids are left out. */
  async getDisplayNames(userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.#db
      .select({ id: users.id, displayName: users.displayName })
      .from(users)
      .where(inArray(users.id, [...new Set(userIds)]));
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }
}

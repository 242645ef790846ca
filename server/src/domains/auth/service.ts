import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { type Role, users } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../pg-errors.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { RegisterInput } from './schema.ts';
import type { TokenService } from './tokens.ts';

export interface PublicUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  createdAt: string;
}

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

  constructor(deps: { db: Db; tokens: TokenService }) {
    this.#db = deps.db;
    this.#tokens = deps.tokens;
  }

  /** Creates an account (never with the admin role). Throws EMAIL_TAKEN. */
  async register(input: RegisterInput): Promise<{ user: PublicUser; token: string }> {
    const roles: Role[] = input.roles ? [...new Set(input.roles)] : ['viewer'];
    const passwordHash = await hashPassword(input.password);
    try {
      const [row] = await this.#db
        .insert(users)
        .values({ email: input.email, passwordHash, displayName: input.displayName, roles })
        .returning();
      if (!row) throw new Error('insert returned no row');
      return { user: toPublicUser(row), token: await this.#tokens.sign({ userId: row.id, roles: row.roles }) };
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('EMAIL_TAKEN');
      throw error;
    }
  }

  /** Throws INVALID_CREDENTIALS. */
  async login(email: string, password: string): Promise<{ user: PublicUser; token: string }> {
    const [row] = await this.#db.select().from(users).where(eq(users.email, email));
    if (!row || !(await verifyPassword(password, row.passwordHash))) throw new AppError('INVALID_CREDENTIALS');
    return { user: toPublicUser(row), token: await this.#tokens.sign({ userId: row.id, roles: row.roles }) };
  }

  /** Throws NOT_FOUND. */
  async getUser(userId: string): Promise<PublicUser> {
    const [row] = await this.#db.select().from(users).where(eq(users.id, userId));
    if (!row) throw new AppError('NOT_FOUND', 'User not found');
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

import { and, asc, count, eq, gt } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { follows, users } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { KolProfile } from './views.ts';

export type { KolProfile };

export class FollowService {
  readonly #db: Db;

  constructor(deps: { db: Db }) {
    this.#db = deps.db;
  }

  /** Follows a KOL (idempotent). Throws NOT_FOUND, VALIDATION_FAILED (yourself). */
  async follow(followerId: string, kolId: string): Promise<KolProfile> {
    if (followerId === kolId) throw new AppError('VALIDATION_FAILED', 'You cannot follow yourself');
    await this.#requireKol(kolId);
    await this.#db.insert(follows).values({ followerId, kolId }).onConflictDoNothing();
    return this.getProfile(kolId, followerId);
  }

  async unfollow(followerId: string, kolId: string): Promise<KolProfile> {
    await this.#db.delete(follows).where(and(eq(follows.followerId, followerId), eq(follows.kolId, kolId)));
    return this.getProfile(kolId, followerId);
  }

  /** A KOL's public profile with the follower count. Throws NOT_FOUND. */
  async getProfile(kolId: string, viewerId?: string): Promise<KolProfile> {
    const kol = await this.#requireKol(kolId);
    const [followers] = await this.#db.select({ n: count() }).from(follows).where(eq(follows.kolId, kolId));
    const [mine] = viewerId
      ? await this.#db
          .select({ n: count() })
          .from(follows)
          .where(and(eq(follows.kolId, kolId), eq(follows.followerId, viewerId)))
      : [];
    return { id: kol.id, displayName: kol.displayName, followerCount: Number(followers?.n ?? 0), isFollowing: Number(mine?.n ?? 0) > 0 };
  }

  /** One page of a KOL's followers in a stable order, for the "now live" fan-out. */
  async followerPage(kolId: string, afterFollowerId: string | null, limit: number): Promise<string[]> {
    const rows = await this.#db
      .select({ followerId: follows.followerId })
      .from(follows)
      .where(and(eq(follows.kolId, kolId), afterFollowerId ? gt(follows.followerId, afterFollowerId) : undefined))
      .orderBy(asc(follows.followerId))
      .limit(limit);
    return rows.map((r) => r.followerId);
  }

  /** KOLs the user follows. */
  async followedKolIds(userId: string): Promise<string[]> {
    const rows = await this.#db.select({ kolId: follows.kolId }).from(follows).where(eq(follows.followerId, userId));
    return rows.map((r) => r.kolId);
  }

  async #requireKol(kolId: string) {
    const [kol] = await this.#db
      .select({ id: users.id, displayName: users.displayName, roles: users.roles })
      .from(users)
      .where(eq(users.id, kolId));
    if (!kol?.roles.includes('kol')) throw new AppError('NOT_FOUND', 'KOL not found');
    return kol;
  }
}

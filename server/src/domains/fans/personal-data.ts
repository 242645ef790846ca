import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { fanMemberships } from '../../../../db/schema/index.ts';

/** The user's place in one KOL's fan group, for their data export. */
export interface ExportedFanMembership {
  kolId: string;
  points: number;
  joinedAt: string;
}

/** The fan groups the user joined, oldest first (points as last flushed from Redis). */
export async function fanGroupsOfUser(db: Db, userId: string): Promise<ExportedFanMembership[]> {
  const rows = await db.select().from(fanMemberships).where(eq(fanMemberships.userId, userId)).orderBy(asc(fanMemberships.joinedAt));
  return rows.map((m) => ({ kolId: m.kolId, points: m.points, joinedAt: m.joinedAt.toISOString() }));
}

import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { comments } from '../../../../db/schema/index.ts';

/** A comment the user wrote, for their data export (removed ones too: they are still the user's). */
export interface ExportedComment {
  id: string;
  streamId: string;
  text: string;
  isDeleted: boolean;
  createdAt: string;
}

/** Every comment the user wrote, oldest first. */
export async function commentsOfUser(db: Db, userId: string): Promise<ExportedComment[]> {
  const rows = await db.select().from(comments).where(eq(comments.userId, userId)).orderBy(asc(comments.createdAt));
  return rows.map((c) => ({ id: c.id, streamId: c.streamId, text: c.text, isDeleted: c.isDeleted, createdAt: c.createdAt.toISOString() }));
}

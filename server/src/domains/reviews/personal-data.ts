import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { reviews } from '../../../../db/schema/index.ts';

/** A review the user wrote, with the merchant's reply, for their data export. */
export interface ExportedReview {
  id: string;
  orderId: string;
  productId: string;
  rating: number;
  text: string;
  merchantReply: string | null;
  hiddenByModeration: boolean;
  createdAt: string;
}

/** Every review the user wrote, oldest first. */
export async function reviewsOfUser(db: Db, userId: string): Promise<ExportedReview[]> {
  const rows = await db.select().from(reviews).where(eq(reviews.userId, userId)).orderBy(asc(reviews.createdAt));
  return rows.map((r) => ({
    id: r.id,
    orderId: r.orderId,
    productId: r.productId,
    rating: r.rating,
    text: r.text,
    merchantReply: r.merchantReply,
    hiddenByModeration: r.hiddenAt !== null,
    createdAt: r.createdAt.toISOString(),
  }));
}

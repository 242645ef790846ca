import { z } from 'zod';
import { IdRef, IsoDate, text } from '../../schemas.ts';
import { ImageUrl } from '../accounts/schema.ts';

const ShowFields = {
  title: text().trim().min(1).max(200),
  scheduledAt: IsoDate.nullable(),
  coverUrl: ImageUrl.nullable(),
  /** The products to feature, in showcase order. */
  productIds: z.array(IdRef).max(50),
};

export const CreateShowBody = z.object({
  title: ShowFields.title,
  scheduledAt: ShowFields.scheduledAt.optional(),
  coverUrl: ShowFields.coverUrl.optional(),
  productIds: ShowFields.productIds.default([]),
});
export type CreateShowInput = z.infer<typeof CreateShowBody>;

export const UpdateShowBody = z.object(ShowFields).partial();
export type UpdateShowInput = z.infer<typeof UpdateShowBody>;

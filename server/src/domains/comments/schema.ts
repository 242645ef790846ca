import { z } from 'zod';

export const StreamCommentParams = z.object({ id: z.string().min(1).max(100), commentId: z.string().min(1).max(100) });
export const MuteBody = z.object({ userId: z.string().min(1).max(100) });
export const StreamUserParams = z.object({ id: z.string().min(1).max(100), userId: z.string().min(1).max(100) });
export const CommentDeletePayload = z.object({ streamId: z.string().min(1).max(100), commentId: z.string().min(1).max(100) });

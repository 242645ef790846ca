import { z } from 'zod';
import { text } from '../../schemas.ts';

export const StreamCommentParams = z.object({ id: text().min(1).max(100), commentId: text().min(1).max(100) });
export const MuteBody = z.object({ userId: text().min(1).max(100) });
export const StreamUserParams = z.object({ id: text().min(1).max(100), userId: text().min(1).max(100) });
export const CommentDeletePayload = z.object({ streamId: text().min(1).max(100), commentId: text().min(1).max(100) });

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { text } from '../../schemas.ts';
import { requireUser } from '../../plugins/auth.ts';
import type { NotificationService } from './service.ts';

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.iso.datetime({ offset: true }).optional(),
});
const MarkReadBody = z.object({ ids: z.array(text().min(1).max(100)).max(500).optional() });

export const notificationRoutes: FastifyPluginAsyncZod<{ notifications: NotificationService }> = async (app, { notifications }) => {
  const tags = ['notifications'];

  app.get(
    '/me/notifications',
    { schema: { tags, summary: 'Newest first, with the unread count', querystring: ListQuery } },
    async (request) => notifications.list(requireUser(request).userId, request.query),
  );

  app.post(
    '/me/notifications/read',
    { schema: { tags, summary: 'Mark some (ids) or all notifications read', body: MarkReadBody } },
    async (request) => ({
      marked: await notifications.markRead(requireUser(request).userId, request.body.ids),
    }),
  );
};

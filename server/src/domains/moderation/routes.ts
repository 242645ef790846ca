import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import type { ChatModeration } from './chat-moderation.ts';
import type { ModerationLog } from './moderation-log.ts';
import type { ReportService } from './reports.ts';
import type { ReviewModeration } from './review-moderation.ts';
import {
  ChatBan,
  ChatBanBody,
  ChatBanQuery,
  ChatBansResponse,
  DismissBody,
  EndedStream,
  LogQuery,
  LogResponse,
  MerchantItem,
  MerchantsQuery,
  MerchantsResponse,
  ReasonBody,
  RemovedComment,
  RemovedReview,
  ReportBody,
  ReportQueueQuery,
  ReportQueueResponse,
  ReportResponse,
} from './schema.ts';
import type { ModerationService } from './service.ts';

export const moderationRoutes: FastifyPluginAsyncZod<{
  moderation: ModerationService;
  reports: ReportService;
  log: ModerationLog;
  chat: ChatModeration;
  reviews: ReviewModeration;
}> = async (app, { moderation, reports, log, chat, reviews }) => {
  const tags = ['moderation'];

  app.post(
    '/reports',
    {
      schema: {
        tags,
        summary:
          'Report a product, stream, merchant, chat comment or product review (signed in); your report still open on that target comes back with 200',
        body: ReportBody,
        response: { 200: ReportResponse, 201: ReportResponse },
      },
    },
    async (request, reply) => {
      const { report, isNew } = await reports.file(requireUser(request).userId, request.body);
      return reply.status(isNew ? 201 : 200).send(report);
    },
  );

  app.get(
    '/admin/reports',
    {
      schema: {
        tags,
        summary: 'The report queue, one case per target: open ones most reported first (admin)',
        querystring: ReportQueueQuery,
        response: { 200: ReportQueueResponse },
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      return reports.listCases(request.query);
    },
  );

  app.post(
    '/admin/reports/dismiss',
    { schema: { tags, summary: 'Dismiss every open report on a target (admin)', body: DismissBody } },
    async (request) => {
      const admin = requireRole(request, 'admin');
      const { targetType, targetId, note } = request.body;
      return { dismissed: await moderation.dismiss(admin.userId, { targetType, targetId }, note ?? null) };
    },
  );

  app.post(
    '/admin/products/:id/take-down',
    {
      schema: {
        tags,
        summary: 'Take a product down: hidden, not sellable, out of showcases, its flash sales cancelled (admin)',
        params: IdParams,
        body: ReasonBody,
      },
    },
    async (request) => moderation.takeDown(requireRole(request, 'admin').userId, request.params.id, request.body.reason),
  );

  app.post(
    '/admin/products/:id/restore',
    { schema: { tags, summary: 'Put a taken-down product back on sale (admin)', params: IdParams } },
    async (request) => moderation.restore(requireRole(request, 'admin').userId, request.params.id),
  );

  app.post(
    '/admin/streams/:id/end',
    {
      schema: {
        tags,
        summary:
          "End a live show that breaks the rules, as its KOL's end does; viewers see Streamcart ended it, the KOL is told why (admin)",
        params: IdParams,
        body: ReasonBody,
        response: { 200: EndedStream },
      },
    },
    async (request) => moderation.endStream(requireRole(request, 'admin').userId, request.params.id, request.body.reason),
  );

  app.get(
    '/admin/merchants',
    {
      schema: {
        tags,
        summary: 'Merchants newest first, by name or email (q) and status, with product and open report counts (admin)',
        querystring: MerchantsQuery,
        response: { 200: MerchantsResponse },
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      return moderation.listMerchants(request.query);
    },
  );

  app.post(
    '/admin/merchants/:id/suspend',
    {
      schema: {
        tags,
        summary: 'Suspend a merchant: products hidden, sales cancelled, payouts held (admin)',
        params: IdParams,
        body: ReasonBody,
        response: { 200: MerchantItem },
      },
    },
    async (request) => moderation.suspend(requireRole(request, 'admin').userId, request.params.id, request.body.reason),
  );

  app.post(
    '/admin/merchants/:id/reinstate',
    {
      schema: {
        tags,
        summary: "End a merchant's suspension: products back on sale, held payouts paid by the next run (admin)",
        params: IdParams,
        response: { 200: MerchantItem },
      },
    },
    async (request) => moderation.reinstate(requireRole(request, 'admin').userId, request.params.id),
  );

  app.post(
    '/admin/comments/:id/remove',
    {
      schema: {
        tags,
        summary: 'Remove a chat comment for everyone, as its KOL could: viewers get comment:deleted, its reports are actioned (admin)',
        params: IdParams,
        body: ReasonBody,
        response: { 200: RemovedComment },
      },
    },
    async (request) => chat.removeComment(requireRole(request, 'admin').userId, request.params.id, request.body.reason),
  );

  app.post(
    '/admin/reviews/:id/remove',
    {
      schema: {
        tags,
        summary: "Remove a product review: hidden from the product's page and rating, its reports actioned, its author told why (admin)",
        params: IdParams,
        body: ReasonBody,
        response: { 200: RemovedReview },
      },
    },
    async (request) => reviews.removeReview(requireRole(request, 'admin').userId, request.params.id, request.body.reason),
  );

  app.post(
    '/admin/users/:id/chat-ban',
    {
      schema: {
        tags,
        summary: 'Restrict a user from chat in every stream, for `days` (1-365) or until lifted; replaces a ban in force (admin)',
        params: IdParams,
        body: ChatBanBody,
        response: { 200: ChatBan },
      },
    },
    async (request) => chat.banFromChat(requireRole(request, 'admin').userId, request.params.id, request.body),
  );

  app.delete(
    '/admin/users/:id/chat-ban',
    { schema: { tags, summary: "Lift a user's chat restriction (admin)", params: IdParams } },
    async (request, reply) => {
      await chat.liftChatBan(requireRole(request, 'admin').userId, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/admin/chat-bans',
    {
      schema: {
        tags,
        summary: 'Users restricted from chat now, newest ban first (admin)',
        querystring: ChatBanQuery,
        response: { 200: ChatBansResponse },
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      return chat.listChatBans(request.query);
    },
  );

  app.get(
    '/admin/moderation-log',
    { schema: { tags, summary: 'Every admin action, newest first (admin)', querystring: LogQuery, response: { 200: LogResponse } } },
    async (request) => {
      requireRole(request, 'admin');
      return log.list(request.query);
    },
  );
};

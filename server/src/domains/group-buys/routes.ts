import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { IdempotencyHeaders, StreamDecisionBody } from '../flash-sales/schema.ts';
import { referralCodeOf } from '../social/referral-cookie.ts';
import {
  CreateGroupOfferBody,
  GroupOfferResponse,
  GroupResponse,
  ListGroupOffersQuery,
  MembershipBody,
  type MembershipInput,
  MembershipResponse,
} from './schema.ts';
import type { GroupBuyService } from './service.ts';

/** The membership body with the referral code an order carries (the body's, else the share-link cookie's). */
function withReferral(body: MembershipInput, cookieHeader: string | undefined): MembershipInput {
  const referralCode = referralCodeOf(body.referralCode, cookieHeader);
  return referralCode ? { ...body, referralCode } : body;
}

export const groupBuyRoutes: FastifyPluginAsyncZod<{ groupBuys: GroupBuyService }> = async (app, { groupBuys }) => {
  const tags = ['group-buys'];

  app.post(
    '/group-offers',
    {
      schema: {
        tags,
        summary: "Offer a group price on one's own product (merchant): groupSize buyers within windowMinutes",
        body: CreateGroupOfferBody,
        response: { 201: GroupOfferResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await groupBuys.createOffer(requireRole(request, 'merchant').userId, request.body)),
  );

  app.get(
    '/group-offers',
    {
      schema: {
        tags,
        summary: "A stream's group offers, newest first, with their open groups (each with the caller's membership)",
        querystring: ListGroupOffersQuery,
      },
    },
    async (request) => ({ items: await groupBuys.listOffersOfStream(request.query.streamId, request.principal?.userId) }),
  );

  app.get(
    '/group-offers/:id',
    {
      schema: {
        tags,
        summary: "A group offer with its open groups (each with the caller's membership)",
        params: IdParams,
        response: { 200: GroupOfferResponse },
      },
    },
    async (request) => groupBuys.getOffer(request.params.id, request.principal?.userId),
  );

  app.post(
    '/group-offers/:id/stream-approval',
    {
      schema: {
        tags,
        summary: "The stream's KOL accepts or declines a group offer proposed for their stream, or removes an accepted one",
        params: IdParams,
        body: StreamDecisionBody,
        response: { 200: GroupOfferResponse },
      },
    },
    async (request) => groupBuys.decideStreamApproval(requireRole(request, 'kol').userId, request.params.id, request.body.decision),
  );

  app.post(
    '/group-offers/:id/groups',
    {
      schema: {
        tags,
        summary:
          'Open a group: an order at the group price to pay now (held until the group fills) and a link to share; without referralCode, the share-link cookie (sc_ref) counts',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: MembershipBody,
        response: { 201: MembershipResponse },
      },
    },
    async (request, reply) => {
      const buyer = requireUser(request);
      const input = withReferral(request.body, request.headers.cookie);
      const membership = await groupBuys.openGroup(buyer.userId, request.params.id, input, request.headers['idempotency-key']);
      return reply.status(201).send(membership);
    },
  );

  app.get(
    '/groups/:id',
    {
      schema: {
        tags,
        summary: "A group's progress: joined, paid, size, deadline, status, and the caller's membership",
        params: IdParams,
        response: { 200: GroupResponse },
      },
    },
    async (request) => groupBuys.getGroup(request.params.id, request.principal?.userId),
  );

  app.post(
    '/groups/:id/join',
    {
      schema: {
        tags,
        summary:
          "Join an open group (again, after one's unpaid order lapsed): an order at the group price to pay now (held until the group fills); without referralCode, the share-link cookie (sc_ref) counts",
        params: IdParams,
        headers: IdempotencyHeaders,
        body: MembershipBody,
        response: { 201: MembershipResponse },
      },
    },
    async (request, reply) => {
      const buyer = requireUser(request);
      const input = withReferral(request.body, request.headers.cookie);
      const membership = await groupBuys.joinGroup(buyer.userId, request.params.id, input, request.headers['idempotency-key']);
      return reply.status(201).send(membership);
    },
  );
};

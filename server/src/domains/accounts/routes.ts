import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import type { AddressBook } from './address-book.ts';
import {
  AddressBody,
  AddressPatchBody,
  CreatorBody,
  DeclineBody,
  ProfileBody,
  StoreBody,
  StoreRequestsQuery,
  UserIdParams,
} from './schema.ts';
import type { AccountService } from './service.ts';

/** The account page's routes (profile, roles, store, address book) and the admins' store queue. */
export const accountRoutes: FastifyPluginAsyncZod<{ accounts: AccountService; addresses: AddressBook }> = async (
  app,
  { accounts, addresses },
) => {
  const tags = ['accounts'];

  app.get('/me/account', { schema: { tags, summary: 'The caller with creator profile and store' } }, async (request) =>
    accounts.getAccount(requireUser(request).userId),
  );

  app.patch('/me/account', { schema: { tags, summary: 'Change the name others see', body: ProfileBody } }, async (request) =>
    accounts.updateProfile(requireUser(request).userId, request.body),
  );

  app.post(
    '/me/account/token',
    { schema: { tags, summary: 'A fresh token with the roles the caller holds now (after an admin approved their store)' } },
    async (request) => accounts.refreshToken(requireUser(request).userId),
  );

  app.post(
    '/me/creator',
    { schema: { tags, summary: 'Become a creator (KOL) or change the bio; answers a fresh token with the new roles', body: CreatorBody } },
    async (request) => accounts.becomeCreator(requireUser(request).userId, request.body),
  );

  app.put(
    '/me/store',
    {
      schema: {
        tags,
        summary:
          "Open or edit the caller's store (name, logo, return address): approved at once, or waiting for an admin with MERCHANT_APPROVAL=admin; answers a fresh token",
        body: StoreBody,
      },
    },
    async (request) => accounts.openStore(requireUser(request).userId, request.body),
  );

  app.get('/me/addresses', { schema: { tags, summary: "The caller's address book, the default first" } }, async (request) => ({
    items: await addresses.list(requireUser(request).userId),
  }));

  app.post('/me/addresses', { schema: { tags, summary: 'Save a shipping address', body: AddressBody } }, async (request, reply) =>
    reply.status(201).send(await addresses.add(requireUser(request).userId, request.body)),
  );

  app.patch(
    '/me/addresses/:id',
    { schema: { tags, summary: 'Change a saved address or make it the default', params: IdParams, body: AddressPatchBody } },
    async (request) => addresses.update(requireUser(request).userId, request.params.id, request.body),
  );

  app.delete('/me/addresses/:id', { schema: { tags, summary: 'Delete a saved address', params: IdParams } }, async (request, reply) => {
    await addresses.remove(requireUser(request).userId, request.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/admin/store-requests',
    {
      schema: {
        tags,
        summary: 'Store requests by status (pending: the approval queue), newest first (admin)',
        querystring: StoreRequestsQuery,
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      return accounts.listStoreRequests(request.query);
    },
  );

  app.post(
    '/admin/store-requests/:userId/approve',
    { schema: { tags, summary: 'Approve a waiting store: the user becomes a merchant and is notified (admin)', params: UserIdParams } },
    async (request) => accounts.approveStore(requireRole(request, 'admin').userId, request.params.userId),
  );

  app.post(
    '/admin/store-requests/:userId/decline',
    {
      schema: {
        tags,
        summary: 'Decline a waiting store, saying why; the user is notified (admin)',
        params: UserIdParams,
        body: DeclineBody,
      },
    },
    async (request) => accounts.declineStore(requireRole(request, 'admin').userId, request.params.userId, request.body.reason),
  );
};

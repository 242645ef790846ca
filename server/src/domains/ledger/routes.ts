import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import type { LedgerService } from './service.ts';

export const ledgerRoutes: FastifyPluginAsyncZod<{ ledger: LedgerService }> = async (app, { ledger }) => {
  app.get('/me/earnings', { schema: { tags: ['ledger'], summary: "The caller's KOL and referral commissions" } }, async (request) =>
    ledger.getEarnings(requireUser(request).userId),
  );
};

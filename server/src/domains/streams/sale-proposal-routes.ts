import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import type { SaleProposals } from './sale-proposals.ts';

export const saleProposalRoutes: FastifyPluginAsyncZod<{ proposals: SaleProposals }> = async (app, { proposals }) => {
  app.get(
    '/streams/:id/sale-proposals',
    {
      schema: {
        tags: ['streams'],
        summary: "Flash sales and group offers proposed for the stream, or accepted and not open yet (the stream's KOL)",
        params: IdParams,
      },
    },
    async (request) => ({ items: await proposals.listForKol(requireRole(request, 'kol').userId, request.params.id) }),
  );

  app.get(
    '/merchants/me/streams',
    {
      schema: {
        tags: ['streams'],
        summary: "Scheduled and live streams to aim a sale at (merchant); accepts: the KOL showcases one of the caller's products there",
      },
    },
    async (request) => ({ items: await proposals.streamsForMerchant(requireRole(request, 'merchant').userId) }),
  );
};

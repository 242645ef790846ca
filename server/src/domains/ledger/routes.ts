import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import type { PayoutService } from './payout-service.ts';
import { SettlementQuery } from './schema.ts';
import type { LedgerService } from './service.ts';
import { settlementCsv } from './settlement-csv.ts';

/** Rows in one CSV export; a merchant with more pages through the JSON form. */
const CSV_MAX_ROWS = 10_000;

export const ledgerRoutes: FastifyPluginAsyncZod<{ ledger: LedgerService; payouts: PayoutService }> = async (app, { ledger, payouts }) => {
  const tags = ['ledger'];

  app.get('/me/earnings', { schema: { tags, summary: "The caller's KOL and referral commissions" } }, async (request) =>
    ledger.getEarnings(requireUser(request).userId),
  );

  app.get(
    '/me/payouts',
    {
      schema: {
        tags,
        summary: "The caller's payouts (settled balances grouped by the daily payout run): scheduled, sending, paid or failed",
      },
    },
    async (request) => payouts.getPayouts(requireUser(request).userId),
  );

  app.get(
    '/merchants/me/settlement',
    {
      schema: {
        tags,
        summary: "The merchant's statement: gross, platform fee, commissions and net per order (?format=csv for a file)",
        querystring: SettlementQuery,
      },
    },
    async (request, reply) => {
      const merchant = requireRole(request, 'merchant');
      const { format, limit, cursor } = request.query;
      if (format === 'json') return ledger.getMerchantSettlement(merchant.userId, { limit, cursor });
      const rows = [];
      let next: string | undefined = cursor;
      do {
        const page = await ledger.getMerchantSettlement(merchant.userId, { limit: 1000, cursor: next });
        rows.push(...page.items);
        next = page.nextCursor;
      } while (next && rows.length < CSV_MAX_ROWS);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="settlement.csv"')
        .send(settlementCsv(rows.slice(0, CSV_MAX_ROWS)));
    },
  );
};

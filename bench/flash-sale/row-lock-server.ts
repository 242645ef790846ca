// Baseline (c): the same reservation done the classic way, in PostgreSQL: one transaction that
// locks the sale's row (SELECT … FOR UPDATE), checks stock and the buyer's count, inserts the
// hold and decrements the stock. Same Fastify, same token check, same body validation and the
// same error shape as the engine, so only the inventory store differs.
//
//   env: DATABASE_URL, JWT_SECRET (optional); prints {type: 'ready', port, saleId} over IPC.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import postgres from 'postgres';
import { z } from 'zod';
import { loadConfig } from '../../server/src/config.ts';
import { TokenService } from '../../server/src/domains/auth/tokens.ts';

const config = loadConfig();
const sql = postgres(config.databaseUrl ?? '', { max: 10, onnotice: () => {} });
const tokens = new TokenService(config.jwtSecret);
const ReserveBody = z.object({ quantity: z.number().int().min(1).max(1000).default(1) });
const quantity = Number(process.env.SALE_QUANTITY ?? 20_000);
const perUserLimit = Number(process.env.SALE_PER_USER_LIMIT ?? 2);

await sql`create table if not exists bench_sales (id text primary key, remaining integer not null, per_user_limit integer not null)`;
await sql`create table if not exists bench_holds (id text primary key, sale_id text not null, user_id text not null, quantity integer not null, expires_at timestamptz not null)`;
await sql`create index if not exists bench_holds_sale_user on bench_holds (sale_id, user_id)`;
// One sale for the warm-up, one for the measured run.
const saleIds = [randomUUID(), randomUUID()];
for (const id of saleIds) await sql`insert into bench_sales ${sql({ id, remaining: quantity, per_user_limit: perUserLimit })}`;

class Refusal extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string) {
    super(code);
    this.status = status;
    this.code = code;
  }
}

const app = Fastify({ logger: false });
app.post<{ Params: { id: string } }>('/api/flash-sales/:id/reservations', async (request, reply) => {
  const header = request.headers.authorization;
  const principal = header?.startsWith('Bearer ') ? await tokens.verify(header.slice(7)) : undefined;
  if (!principal) return reply.status(401).send({ error: { code: 'UNAUTHENTICATED', message: 'Sign in' } });
  const body = ReserveBody.safeParse(request.body);
  if (!body.success) return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: 'Bad body' } });
  const units = body.data.quantity;
  try {
    const hold = await sql.begin(async (tx) => {
      const [sale] = await tx<{ remaining: number; per_user_limit: number }[]>`
        select remaining, per_user_limit from bench_sales where id = ${request.params.id} for update`;
      if (!sale) throw new Refusal(404, 'NOT_FOUND');
      if (sale.remaining < units) throw new Refusal(409, 'SOLD_OUT');
      const [taken] = await tx<{ units: number }[]>`
        select coalesce(sum(quantity), 0)::int as units from bench_holds where sale_id = ${request.params.id} and user_id = ${principal.userId}`;
      if ((taken?.units ?? 0) + units > sale.per_user_limit) throw new Refusal(429, 'PURCHASE_LIMIT_REACHED');
      const id = randomUUID();
      const expiresAt = new Date(Date.now() + 600_000);
      await tx`insert into bench_holds ${tx({ id, sale_id: request.params.id, user_id: principal.userId, quantity: units, expires_at: expiresAt })}`;
      const [after] = await tx<{ remaining: number }[]>`
        update bench_sales set remaining = remaining - ${units} where id = ${request.params.id} returning remaining`;
      return {
        reservationId: id,
        saleId: request.params.id,
        quantity: units,
        expiresAt: expiresAt.toISOString(),
        remaining: after?.remaining ?? 0,
      };
    });
    return reply.status(201).send(hold);
  } catch (error) {
    if (error instanceof Refusal) return reply.status(error.status).send({ error: { code: error.code, message: error.code } });
    throw error;
  }
});

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0, saleIds });
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => sql.end())
    .finally(() => process.exit(0));
});

// The reserve route built up one layer at a time (LAYERS=zod,auth,redis,errors,store), to see what
// each costs in CPU per request. The Redis layer is the reserve call's shape (6 keys, 6 arguments,
// key prefix, auto-pipelining) with a script that answers SOLD_OUT at once; the store layer calls
// the engine's own reserve script through SaleStore on a live sale with no units left.
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import { loadConfig } from '../../server/src/config.ts';
import { TokenService } from '../../server/src/domains/auth/tokens.ts';
import { withFlashSaleCommands } from '../../server/src/domains/flash-sales/commands.ts';
import { newHoldId } from '../../server/src/domains/flash-sales/hold-id.ts';
import { SaleStore } from '../../server/src/domains/flash-sales/sale-store.ts';
import { IdempotencyHeaders, ReservationResponse, ReserveBody } from '../../server/src/domains/flash-sales/schema.ts';
import { AppError, registerErrorHandler } from '../../server/src/errors.ts';
import { IdParams } from '../../server/src/schemas.ts';

const config = loadConfig();
const layers = new Set((process.env.LAYERS ?? '').split(',').filter(Boolean));
const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);
if (layers.has('errors')) registerErrorHandler(app);

const tokens = new TokenService(config.jwtSecret);
if (layers.has('auth')) {
  app.addHook('onRequest', async (request, reply) => {
    const match = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1] || !(await tokens.verify(match[1])))
      return reply.status(401).send({ error: { code: 'UNAUTHENTICATED', message: 'Sign in' } });
  });
}

const redis = new Redis(config.redisUrl, { keyPrefix: `${config.redisPrefix}:`, enableAutoPipelining: true });
redis.defineCommand('refuse', { numberOfKeys: 6, lua: "return {-2, '', '', 0, 0}" });
const refuse = (redis as unknown as { refuse(...args: (string | number)[]): Promise<[number]> }).refuse.bind(redis);
const store = new SaleStore(withFlashSaleCommands(redis));
const SOLD_OUT_SALE = { id: 'sale-1', status: 'live' as const, quantity: 0, perUserLimit: 2, streamId: null, merchantId: 'bench' };
if (layers.has('store')) await store.writeUnopened({ ...SOLD_OUT_SALE, endsAt: new Date(Date.now() + 3600_000) }, 'live');

const schema = layers.has('zod')
  ? { params: IdParams, headers: IdempotencyHeaders, body: ReserveBody, response: { 201: ReservationResponse } }
  : {};
app.post('/api/flash-sales/:id/reservations', { schema }, async (request, reply) => {
  const saleId = (request.params as { id: string }).id;
  if (layers.has('store')) {
    const nowMs = Date.now();
    // The sale has no units left: every call is refused with SOLD_OUT, as most are in a sell-out.
    await store.reserve(saleId, {
      userId: 'bench-buyer',
      quantity: 1,
      holdId: newHoldId(saleId),
      expiresAtMs: nowMs + 600_000,
      nowMs,
      key: '',
    });
  } else if (layers.has('redis')) {
    const k = (name: string) => `sale:{${saleId}}:${name}`;
    const [code] = await refuse(
      k('state'),
      k('per-user'),
      k('holds'),
      k('hold-data'),
      k('idempotency'),
      k('journal'),
      'user',
      1,
      `${saleId}.hold`,
      1,
      1,
      '',
    );
    if (layers.has('errors') && code < 0) throw new AppError('SOLD_OUT');
  }
  return reply
    .status(201)
    .send({ reservationId: `${saleId}.hold`, saleId, quantity: 1, expiresAt: new Date().toISOString(), remaining: 0 });
});

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
process.once('SIGTERM', () => {
  redis.disconnect();
  void app.close().finally(() => process.exit(0));
});

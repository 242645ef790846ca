import { randomUUID } from 'node:crypto';
import { ADDRESS, factories, type MadeUser } from '../factories.ts';
import { eventually, type TestEngine } from '../harness.ts';
import { request } from '../live-client.ts';
import { makeAdmin } from '../moderation-admin.ts';

/** Who calls: nobody, a plain viewer, the merchant or KOL who owns the objects, another one, an admin. */
export const ACTORS = ['anonymous', 'viewer', 'otherMerchant', 'owningMerchant', 'otherKol', 'owningKol', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];

/**
 * One of each object, owned by `owningMerchant` (product, sale, group offer; the order's seller),
 * `owningKol` (the live stream that showcases the product) and `viewer` (the order, its payment,
 * reservation, review, share link, comment and report). An object the engine refused to make is a
 * fresh UUID, so routes on it answer 404 and the test that needs it says so.
 */
export interface World {
  users: Record<Exclude<Actor, 'anonymous'>, { id: string; token: string }>;
  /** The viewer's sign-in (password: the factories' 'correct horse battery'). */
  viewerEmail: string;
  ids: {
    product: string;
    otherProduct: string;
    stream: string;
    flashSale: string;
    reservation: string;
    order: string;
    payment: string;
    groupOffer: string;
    group: string;
    review: string;
    comment: string;
    shareCode: string;
    /** One of the viewer's saved addresses. */
    address: string;
    /** The viewer's checkout of a bag (one order per merchant). */
    checkout: string;
  };
  /** What could not be made, with the answer the engine gave (to explain a surprising cell). */
  missing: string[];
}

export function tokenOf(world: World, actor: Actor): string | undefined {
  return actor === 'anonymous' ? undefined : world.users[actor].token;
}

/** Builds the world through the public API, as users would. */
export async function buildWorld(engine: TestEngine): Promise<World> {
  const make = factories(engine);
  const missing: string[] = [];
  const user = (u: MadeUser) => ({ id: u.user.id, token: u.token });
  const [viewer, owningMerchant, otherMerchant, owningKol, otherKol] = await Promise.all([
    make.user(['viewer']),
    make.user(['merchant']),
    make.user(['merchant']),
    make.user(['kol']),
    make.user(['kol']),
  ]);
  const admin = await makeAdmin(engine);
  const users = {
    viewer: user(viewer),
    owningMerchant: user(owningMerchant),
    otherMerchant: user(otherMerchant),
    owningKol: user(owningKol),
    otherKol: user(otherKol),
    admin: { id: admin.user.id, token: admin.token },
  };

  /** The id at `pick(body)` of a call that should succeed, or a fresh UUID (noted in `missing`). */
  const attempt = async (what: string, call: () => Promise<{ status: number; body: any }>, pick: (body: any) => unknown) => {
    try {
      const answer = await call();
      const id = answer.status < 300 ? pick(answer.body) : undefined;
      if (typeof id === 'string') return id;
      missing.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    } catch (error) {
      missing.push(`${what}: ${String(error)}`);
    }
    return randomUUID();
  };
  const http = engine.http.bind(engine);
  const product = (await make.product(owningMerchant.token)).id;
  const otherProduct = (await make.product(otherMerchant.token)).id;
  const stream = (await make.stream(owningKol.token)).id;
  await http('POST', `/api/streams/${stream}/showcase`, { token: owningKol.token, body: { productId: product } });
  await http('POST', `/api/streams/${stream}/start`, { token: owningKol.token });
  const now = Date.now();
  const flashSale = await attempt(
    'flash sale',
    () =>
      http('POST', '/api/flash-sales', {
        token: owningMerchant.token,
        body: {
          productId: product,
          streamId: stream,
          priceCents: 9900,
          quantity: 50,
          perUserLimit: 5,
          startsAt: new Date(now).toISOString(),
          endsAt: new Date(now + 3_600_000).toISOString(),
        },
      }),
    (b) => b.id,
  );
  // A sale starting now opens through its job a moment later.
  await eventually(
    () => http('GET', `/api/flash-sales/${flashSale}`),
    (answer) => answer.status !== 200 || answer.body.status === 'live',
  ).catch(() => {});
  const reservation = await attempt(
    'reservation',
    () => http('POST', `/api/flash-sales/${flashSale}/reservations`, { token: viewer.token, body: { quantity: 1 } }),
    (b) => b.reservationId,
  );
  const placed = await http('POST', '/api/orders', {
    token: viewer.token,
    body: { items: [{ productId: product, quantity: 1 }], streamId: stream, shippingAddress: ADDRESS },
  });
  const order = placed.status === 201 ? (placed.body.id as string) : randomUUID();
  const payment = placed.status === 201 ? (placed.body.paymentId as string) : randomUUID();
  if (placed.status !== 201) missing.push(`order: ${placed.status} ${JSON.stringify(placed.body).slice(0, 200)}`);
  await http('POST', `/api/payments/${payment}/sandbox-pay`, { token: viewer.token, body: { outcome: 'succeeded' } });
  const review = await attempt(
    'review',
    () => http('POST', `/api/orders/${order}/review`, { token: viewer.token, body: { rating: 5, text: 'Lovely scarf' } }),
    (b) => b.id,
  );
  const groupOffer = await attempt(
    'group offer',
    () =>
      http('POST', '/api/group-offers', {
        token: owningMerchant.token,
        body: { productId: product, groupPriceCents: 9900, groupSize: 3, windowMinutes: 60 },
      }),
    (b) => b.id,
  );
  const group = await attempt(
    'group',
    () => http('POST', `/api/group-offers/${groupOffer}/groups`, { token: viewer.token, body: { shippingAddress: ADDRESS } }),
    (b) => b.group?.id ?? b.groupId ?? b.id,
  );
  const shareCode = await attempt(
    'share link',
    () => http('POST', '/api/share-links', { token: viewer.token, body: { productId: product } }),
    (b) => b.code,
  );
  const address = await attempt(
    'address',
    () => http('POST', '/api/me/addresses', { token: viewer.token, body: ADDRESS }),
    (b) => b.id,
  );
  const checkout = await attempt(
    'checkout',
    () =>
      http('POST', '/api/checkouts', {
        token: viewer.token,
        body: { items: [{ productId: otherProduct, quantity: 1 }], shippingAddress: ADDRESS },
      }),
    (b) => b.id,
  );
  const comment = await attempt(
    'comment',
    async () => {
      const socket = await engine.connect(viewer.token);
      await request(socket, 'stream:join', { streamId: stream });
      const ack = await request(socket, 'comment:send', { streamId: stream, text: 'Hello from the world' });
      socket.disconnect();
      return { status: ack.ok ? 200 : 400, body: ack };
    },
    (b) => b.comment?.id,
  );
  return {
    users,
    viewerEmail: viewer.user.email,
    ids: {
      product,
      otherProduct,
      stream,
      flashSale,
      reservation,
      order,
      payment,
      groupOffer,
      group,
      review,
      comment,
      shareCode,
      address,
      checkout,
    },
    missing,
  };
}

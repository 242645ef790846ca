import { AppError } from '../server/src/errors.ts';
import type { Services } from '../server/src/services.ts';
import type { Role } from './schema/users.ts';

/** Development-only logins, printed at start (the admin's password is generated, see DEMO_ADMIN). */
export const DEMO_LOGINS = [
  {
    email: 'merchant@demo.streamcart.dev',
    password: 'demo-merchant-pass',
    displayName: 'Lotus Goods (demo merchant)',
    roles: ['merchant'],
  },
  { email: 'kol@demo.streamcart.dev', password: 'demo-kol-pass', displayName: 'Mia Live (demo KOL)', roles: ['kol'] },
  { email: 'viewer@demo.streamcart.dev', password: 'demo-viewer-pass', displayName: 'Sam (demo viewer)', roles: ['viewer'] },
] as const satisfies readonly { email: string; password: string; displayName: string; roles: Role[] }[];

/**
 * The demo admin. Its password is never written in the source: `npm start` generates it into
 * DATA_DIR/secrets.json (see server/src/demo-secrets.ts) and prints it once in the banner.
 */
export const DEMO_ADMIN = { email: 'admin@demo.streamcart.dev', displayName: 'Ada (demo admin)', roles: ['admin'] } as const;

const DEMO_PRODUCTS = [
  {
    title: 'Hand-dyed silk scarf',
    description: 'Mulberry silk, 90 x 90 cm.',
    category: 'fashion',
    priceCents: 29900,
    stock: 200,
    kolCommissionBps: 1500,
    image: 'scarf',
  },
  {
    title: 'Longjing green tea, 250 g',
    description: 'First spring picking from Hangzhou.',
    category: 'food',
    priceCents: 16800,
    stock: 500,
    kolCommissionBps: 1000,
    image: 'tea',
  },
  {
    title: 'Folding desk lamp',
    description: 'Warm to cool light, USB-C.',
    category: 'home',
    priceCents: 12900,
    stock: 120,
    kolCommissionBps: 800,
    image: 'lamp',
  },
  {
    title: 'Wireless earbuds',
    description: 'Noise cancelling, 30 h battery.',
    category: 'electronics',
    priceCents: 39900,
    stock: 80,
    kolCommissionBps: 600,
    image: 'earbuds',
  },
] as const;

const DEMO_ADDRESS = { name: 'Sam Chen', line1: '88 Century Avenue', city: 'Shanghai', postalCode: '200120', country: 'CN' };

export interface DemoData {
  streamId: string;
  flashSaleId: string;
  flashSaleStartsAt: string;
  productIds: string[];
  /** The demo viewer's paid order, waiting for the merchant to ship it. */
  orderId: string;
}

type DemoLogin = { email: string; password: string; displayName: string; roles: readonly Role[] };

async function loginOrRegister(s: Services, login: DemoLogin) {
  try {
    return await s.auth.login(login.email, login.password);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'INVALID_CREDENTIALS') throw error;
    return s.auth.createAccount({ email: login.email, password: login.password, displayName: login.displayName, roles: [...login.roles] });
  }
}

/** The demo admin with the generated password; an admin left by an older run (published password) gets it too. */
async function ensureDemoAdmin(s: Services, password: string): Promise<void> {
  try {
    await loginOrRegister(s, { ...DEMO_ADMIN, password });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'EMAIL_TAKEN') throw error;
    await s.accountMaintenance.setPassword(DEMO_ADMIN.email, password);
  }
}

/**
 * Demo data, idempotent: the four users (merchant, KOL, viewer, admin), four products, one live stream with the products in
 * its showcase (the first pinned), a flash sale that opens a minute from now (a new one only
 * when the stream has none scheduled or live), and one paid order of the viewer's bought in the
 * stream, so the merchant console has an order to ship and "My orders" one to follow.
 */
export async function seedDemo(s: Services, publicUrl: string, adminPassword: string): Promise<DemoData> {
  const [merchant, kol, viewer] = await Promise.all(DEMO_LOGINS.map((login) => loginOrRegister(s, login)));
  await ensureDemoAdmin(s, adminPassword);
  if (!merchant || !kol || !viewer) throw new Error('demo users missing');

  let products = await s.catalog.listProductsOfMerchant(merchant.user.id);
  if (products.length === 0) {
    for (const { image, ...product } of DEMO_PRODUCTS) {
      await s.catalog.createProduct(merchant.user.id, { ...product, currency: 'CNY', imageUrl: `${publicUrl}/demo/${image}.svg` });
    }
    products = await s.catalog.listProductsOfMerchant(merchant.user.id);
  }
  products.reverse();

  let stream = (await s.streams.listStreams({ kolId: kol.user.id, limit: 10 })).find((st) => st.status !== 'ended');
  if (!stream) {
    stream = await s.streams.createStream(kol.user.id, { title: 'Spring picks with Mia: silk, tea and gadgets' });
    for (const product of products) await s.streams.addToShowcase(kol.user.id, stream.id, product.id);
    const first = products[0];
    if (first) await s.streams.pin(kol.user.id, stream.id, first.id);
  }
  if (stream.status === 'scheduled') stream = await s.streams.setStatus(kol.user.id, stream.id, 'live');

  let sale = await s.flashSales.getActiveSaleForStream(stream.id);
  if (!sale) {
    const startsAt = new Date(Date.now() + 60_000);
    const product = products[0];
    if (!product) throw new Error('demo products missing');
    sale = await s.flashSales.schedule(merchant.user.id, {
      productId: product.id,
      streamId: stream.id,
      priceCents: Math.round(product.priceCents * 0.6),
      quantity: 20,
      perUserLimit: 2,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
    });
  }
  const orderId = await demoOrder(s, viewer.user.id, stream.id, products[1]?.id);
  return {
    streamId: stream.id,
    flashSaleId: sale.id,
    flashSaleStartsAt: sale.startsAt,
    productIds: products.map((p) => p.id),
    orderId,
  };
}

/** The viewer's first order, or a new one (the tea, bought in the stream) paid through the sandbox. */
async function demoOrder(s: Services, viewerId: string, streamId: string, productId: string | undefined): Promise<string> {
  const [earlier] = (await s.orders.listOrdersOfBuyer(viewerId, { limit: 1 })).items;
  if (earlier) return earlier.id;
  if (!productId) throw new Error('demo products missing');
  const placed = await s.orders.placeOrder(viewerId, { items: [{ productId, quantity: 2 }], streamId, shippingAddress: DEMO_ADDRESS });
  await s.payments.sandboxPay(viewerId, placed.paymentId, 'succeeded');
  return placed.id;
}

/** The lines `npm start` prints. */
export function demoBanner(publicUrl: string, demo: DemoData, adminPassword: string): string {
  const logins = [...DEMO_LOGINS, { ...DEMO_ADMIN, password: adminPassword }]
    .map((l) => `    ${l.roles[0]?.padEnd(9)} ${l.email.padEnd(30)} ${l.password}`)
    .join('\n');
  return [
    '',
    '  Streamcart is running (demo data and generated secrets in .data/: loopback only; `npm run serve` is for production).',
    '',
    `    Home            ${publicUrl}/`,
    `    Live stream     ${publicUrl}/live/${demo.streamId}`,
    `    KOL studio      ${publicUrl}/studio/${demo.streamId}`,
    `    Merchant        ${publicUrl}/merchant`,
    `    My orders       ${publicUrl}/orders (the demo viewer has one to follow, the merchant one to ship)`,
    `    Admin           ${publicUrl}/admin (reports, merchants, moderation log)`,
    `    API docs        ${publicUrl}/docs`,
    `    Health          ${publicUrl}/api/health`,
    `    Flash sale      ${demo.flashSaleId}, opens at ${demo.flashSaleStartsAt}`,
    '',
    '  Demo logins (role, email, password):',
    logins,
    '',
  ].join('\n');
}

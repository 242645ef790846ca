import { api, type StreamSummary } from '../../lib/api.ts';
import { byId, h, show } from '../../lib/dom.ts';
import { cancelSale, listMySales, scheduleSale, updateSale } from '../../lib/flash-sale-api.ts';
import { formatMoney } from '../../lib/format.ts';
import { mountLoginForm } from '../../lib/login-form.ts';
import type { ModeratedProduct, Moderation } from '../../lib/moderation-api.ts';
import { loadSession, type Session, signOut } from '../../lib/session.ts';
import { connectLive } from '../../lib/socket.ts';
import { OrdersPanel } from './orders-panel.ts';
import { PayoutsPanel } from './payouts-panel.ts';
import { SaleForm, type SaleFormSubmit } from './sale-form.ts';
import { SalesList } from './sales-list.ts';

const consoleSection = byId('console');
const ordersSection = byId('orders');
const payoutsSection = byId('payouts');
const catalogue = byId('catalogue');
const productList = byId('product-list', HTMLUListElement);
const noProducts = byId('no-products');
const errorBox = byId('merchant-error');
const signOutButton = byId('sign-out', HTMLButtonElement);

/** The notices moderation sends a merchant: each changes what this console shows. */
const MODERATION_NOTICES = new Set(['product_taken_down', 'product_restored', 'merchant_suspended', 'merchant_reinstated']);

/** The notices buyers' after-sales send a merchant: the orders panel reloads on them. */
const ORDER_NOTICES = new Set(['refund_requested', 'order_cancelled']);

let products: ModeratedProduct[] = [];
/** Set while the shop is suspended: creating and scheduling are refused (MERCHANT_SUSPENDED). */
let isSuspended = false;

function fail(message: string | undefined): void {
  errorBox.textContent = message ?? '';
  show(errorBox, Boolean(message));
}

/** The red banner and the disabled create buttons while the shop is suspended. */
function renderSuspension(suspension: Moderation | null | undefined): void {
  isSuspended = Boolean(suspension);
  byId('suspension-reason').textContent = suspension?.reason.replace(/[.\s]+$/, '') ?? '';
  show(byId('suspended-banner'), isSuspended);
}

/** Why a product is not listed, when moderation is the reason. */
function moderationBadge(product: ModeratedProduct): HTMLElement | null {
  if (product.status === 'taken_down') {
    return h(
      'p',
      { className: 'moderation-badge' },
      h('strong', {}, 'Taken down'),
      product.moderation?.reason ? `: ${product.moderation.reason}` : ' by Streamcart',
    );
  }
  if (product.status === 'suspended') return h('p', { className: 'moderation-badge is-suspended' }, 'Hidden while your shop is suspended');
  return null;
}

function productTile(product: ModeratedProduct, onFlashSale: (productId: string) => void): HTMLLIElement {
  const start = h('button', { className: 'button button-outline small', attrs: { type: 'button' } }, 'Run a flash sale');
  start.disabled = isSuspended;
  start.addEventListener('click', () => onFlashSale(product.id));
  return h(
    'li',
    { className: 'product-tile card', attrs: { 'data-product-id': product.id, 'data-status': product.status } },
    product.imageUrl ? h('img', { attrs: { src: product.imageUrl, alt: '', width: '160', height: '160', loading: 'lazy' } }) : null,
    h('h3', {}, product.title),
    h('p', { className: 'price' }, formatMoney(product.priceCents, product.currency)),
    h('p', { className: 'muted small' }, `${product.stock} in stock · ${product.status.replaceAll('_', ' ')}`),
    moderationBadge(product),
    product.status === 'active' ? start : null,
  );
}

async function showConsole(session: Session): Promise<void> {
  show(signOutButton, true);
  byId('catalogue-title').textContent = `${session.user.displayName}: your products`;
  const token = session.token;

  // Orders and payouts load on their own, each with its own loading, empty and error states.
  show(ordersSection, true);
  show(payoutsSection, true);
  const orders = new OrdersPanel({ token });
  void orders.showTab('paid');
  void new PayoutsPanel({ token }).load();

  const form = new SaleForm({ onSubmit: (submit) => submitSale(submit) });
  const sales = new SalesList({
    body: byId('sales-body', HTMLTableSectionElement),
    empty: byId('no-sales'),
    productTitle: (productId) => products.find((p) => p.id === productId)?.title ?? 'Product',
    onEdit: (sale) => form.edit(sale),
    onCancel: (sale) => {
      if (!window.confirm('Cancel this flash sale? Its units go back to the product.')) return;
      cancelSale(token, sale.id).then(
        () => refresh(),
        (error: unknown) => fail(error instanceof Error ? error.message : 'Could not cancel the sale.'),
      );
    },
  });

  async function submitSale(submit: SaleFormSubmit): Promise<string> {
    const sale = submit.kind === 'create' ? await scheduleSale(token, submit.terms) : await updateSale(token, submit.sale.id, submit.terms);
    await refresh();
    const opens = new Date(sale.startsAt).toLocaleString();
    return submit.kind === 'create' ? `Scheduled: ${sale.quantity} units open at ${opens}.` : `Saved: the sale opens at ${opens}.`;
  }

  async function refresh(): Promise<void> {
    const [me, mine, live, scheduled, salesList] = await Promise.all([
      api<{ suspension?: Moderation | null }>('GET', '/api/me', { token }),
      api<{ items: ModeratedProduct[] }>('GET', '/api/merchants/me/products', { token }),
      api<{ items: StreamSummary[] }>('GET', '/api/streams?status=live&limit=100'),
      api<{ items: StreamSummary[] }>('GET', '/api/streams?status=scheduled&limit=100'),
      listMySales(token),
    ]);
    renderSuspension(me.suspension);
    form.setLocked(isSuspended);
    products = mine.items;
    form.setProducts(products);
    form.setStreams([...live.items, ...scheduled.items]);
    sales.show(salesList.items);
    productList.replaceChildren(...products.map((p) => productTile(p, (id) => form.pickProduct(id))));
    show(noProducts, products.length === 0);
    fail(undefined);
  }

  // Stock, openings and closings of this merchant's sales arrive in its own room; sold and held
  // counts come with a reload, at most once a second.
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  const reloadSoon = () => {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = undefined;
      void refresh().catch(() => {});
    }, 1000);
  };
  const socket = connectLive(() => loadSession()?.token);
  socket.on('flashsale:update', (update) => {
    sales.applyUpdate(update);
    reloadSoon();
  });
  // A suspension, a reinstatement or a take-down shows at once, without a reload.
  socket.on('notification:new', (notification) => {
    if (MODERATION_NOTICES.has(notification.kind)) reloadSoon();
    if (ORDER_NOTICES.has(notification.kind)) void orders.showTab();
  });

  try {
    await refresh();
    show(consoleSection, true);
    show(catalogue, true);
  } catch {
    fail('Could not load your console; reload to try again.');
  }
}

signOutButton.addEventListener('click', () => {
  signOut();
  location.reload();
});

function askToSignIn(hint: string): void {
  mountLoginForm(byId('login-slot'), {
    title: 'Merchant sign-in',
    hint,
    onSignedIn: (signedIn) => {
      if (signedIn.user.roles.includes('merchant')) void showConsole(signedIn);
      else {
        signOut();
        askToSignIn('That account is not a merchant account; sign in with one that is.');
      }
    },
  });
}

const session = loadSession();
if (session?.user.roles.includes('merchant')) void showConsole(session);
else askToSignIn('Sign in with a merchant account to ship orders, run flash sales and see your payouts.');

import { api } from '../../lib/api.ts';
import { byId, show } from '../../lib/dom.ts';
import { cancelSale, listMySales, scheduleSale, updateSale } from '../../lib/flash-sale-api.ts';
import { mountLoginForm } from '../../lib/login-form.ts';
import type { ModeratedProduct, Moderation } from '../../lib/moderation-api.ts';
import { loadSession, type Session, signOut } from '../../lib/session.ts';
import { connectLive } from '../../lib/socket.ts';
import { archiveProduct, catalogueMessage, restoreProduct } from './catalogue-api.ts';
import { listMyStreams } from './merchant-streams-api.ts';
import { OrdersPanel } from './orders-panel.ts';
import { PayoutsPanel } from './payouts-panel.ts';
import { ProductEditor } from './product-editor.ts';
import { productTile } from './product-tile.ts';
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

  const catalogueDone = byId('catalogue-done');
  const say = (message: string) => {
    catalogueDone.textContent = message;
    show(catalogueDone, Boolean(message));
  };
  const editor = new ProductEditor({
    token,
    onSaved: (product, isNew) => {
      say(isNew ? `“${product.title}” is listed.` : `“${product.title}” is saved.`);
      void refresh().catch(() => {});
    },
  });
  const knownCategories = () => [...new Set(products.flatMap((p) => (p.category ? [p.category] : [])))];
  const openEditor = (product?: ModeratedProduct) => {
    say('');
    editor.open(product, knownCategories());
  };
  byId('new-product', HTMLButtonElement).addEventListener('click', () => openEditor());
  byId('first-product', HTMLButtonElement).addEventListener('click', () => openEditor());
  const changeStatus = (product: ModeratedProduct, to: 'archived' | 'active') => {
    const question =
      to === 'archived'
        ? `Archive “${product.title}”? It leaves the catalogue, the feed and the KOLs' showcase pickers and cannot be bought; orders already placed are not affected.`
        : `Put “${product.title}” back on sale?`;
    if (!window.confirm(question)) return;
    (to === 'archived' ? archiveProduct : restoreProduct)(token, product.id).then(
      (saved) => {
        say(to === 'archived' ? `“${saved.title}” is archived.` : `“${saved.title}” is on sale again.`);
        return refresh();
      },
      (error: unknown) => fail(catalogueMessage(error)),
    );
  };
  const tileActions = {
    onEdit: (product: ModeratedProduct) => openEditor(product),
    onArchive: (product: ModeratedProduct) => changeStatus(product, 'archived'),
    onRestore: (product: ModeratedProduct) => changeStatus(product, 'active'),
    onFlashSale: (productId: string) => form.pickProduct(productId),
  };

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
    // A sale aimed at a show whose KOL does not feature the merchant's products waits for the KOL's answer.
    const isProposal = (sale as { streamApproval?: string | null }).streamApproval === 'proposed';
    const proposal = isProposal ? ' It is proposed to the show: its KOL accepts or declines it in the studio.' : '';
    return submit.kind === 'create'
      ? `Scheduled: ${sale.quantity} units open at ${opens}.${proposal}`
      : `Saved: the sale opens at ${opens}.${proposal}`;
  }

  async function refresh(): Promise<void> {
    const [me, mine, streams, salesList] = await Promise.all([
      api<{ suspension?: Moderation | null }>('GET', '/api/me', { token }),
      api<{ items: ModeratedProduct[] }>('GET', '/api/merchants/me/products', { token }),
      listMyStreams(token).catch(() => undefined),
      listMySales(token),
    ]);
    renderSuspension(me.suspension);
    form.setLocked(isSuspended);
    products = mine.items;
    form.setProducts(products);
    form.setStreams(streams);
    sales.show(salesList.items);
    productList.replaceChildren(...products.map((p) => productTile(p, tileActions, isSuspended)));
    show(noProducts, products.length === 0);
    byId('new-product', HTMLButtonElement).disabled = isSuspended;
    byId('first-product', HTMLButtonElement).disabled = isSuspended;
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

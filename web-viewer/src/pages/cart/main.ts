import { AccountMenu } from '../../lib/account-menu.ts';
import { ApiError, api } from '../../lib/api.ts';
import { cart } from '../../lib/cart.ts';
import { byId, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';
import { loadSession } from '../../lib/session.ts';
import { SignInDialog } from '../../lib/sign-in-dialog.ts';
import { AddressPicker } from './address-picker.ts';
import { renderCartLines } from './cart-lines.ts';

interface CheckoutView {
  id: string;
  status: 'pending_payment' | 'paid' | 'partly_paid' | 'cancelled';
  totalCents: number;
  currency: string;
  orders: { id: string; status: string; totalCents: number; currency: string }[];
}

/** What a buyer reads for the codes a checkout can answer with. */
const CHECKOUT_ERRORS: Record<string, string> = {
  OUT_OF_STOCK: 'One of the items does not have that many left. Lower the quantity and try again.',
  PRODUCT_NOT_AVAILABLE: 'One of the items is no longer on sale. Remove it and try again.',
  NOT_FOUND: 'One of the items no longer exists. Remove it and try again.',
  ORDER_TOTAL_TOO_LARGE: 'That total is more than one order can take. Split it into smaller orders.',
  RATE_LIMITED: 'Too many tries in a row. Wait a moment and try again.',
};

const list = byId('cart-list', HTMLUListElement);
const empty = byId('cart-empty');
const summary = byId('cart-summary');
const total = byId('cart-total');
const payButton = byId('cart-pay', HTMLButtonElement);
const errorBox = byId('cart-error');
const done = byId('cart-done');
const doneText = byId('cart-done-text');
const addressSlot = byId('cart-address-slot');

const picker = new AddressPicker();
addressSlot.append(picker.element);
const signIn = new SignInDialog({ onSignedIn: () => sessionChanged() });
const account = new AccountMenu({ slot: byId('header-actions'), onChange: () => sessionChanged() });
/** One key per attempt at this bag, so a retried click never places the cart twice. */
let attemptKey = crypto.randomUUID();

function sessionChanged(): void {
  account.render();
  void picker.load(loadSession()?.token);
}

function render(): void {
  const lines = cart.lines();
  attemptKey = crypto.randomUUID();
  renderCartLines(list, lines);
  show(empty, lines.length === 0);
  show(summary, lines.length > 0);
  const currency = lines[0]?.currency ?? 'CNY';
  const cents = lines.reduce((sum, l) => sum + l.priceCents * l.quantity, 0);
  total.textContent = formatMoney(cents, currency);
  payButton.textContent = `Pay ${formatMoney(cents, currency)}`;
}

async function checkOut(): Promise<void> {
  errorBox.textContent = '';
  const session = loadSession();
  if (!session) {
    signIn.open('Sign in to pay', 'Your bag stays as it is.');
    return;
  }
  const chosen = picker.value();
  if (!chosen) {
    errorBox.textContent = 'Check the address above.';
    return;
  }
  const lines = cart.lines();
  // The show a line came from: the server decides per order whether its KOL earns (ADR 0012).
  const streamId = lines.find((l) => l.streamId)?.streamId;
  payButton.disabled = true;
  payButton.textContent = 'Paying…';
  try {
    const placed = await api<CheckoutView>('POST', '/api/checkouts', {
      token: session.token,
      headers: { 'idempotency-key': attemptKey },
      body: {
        items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
        shippingAddress: chosen.address,
        ...(streamId ? { streamId } : {}),
      },
    });
    const paid = await api<CheckoutView>('POST', `/api/checkouts/${placed.id}/sandbox-pay`, {
      token: session.token,
      body: { outcome: 'succeeded' },
    });
    if (chosen.isNew) await api('POST', '/api/me/addresses', { token: session.token, body: chosen.address }).catch(() => undefined);
    cart.clear();
    doneText.textContent =
      paid.orders.length > 1
        ? `${formatMoney(paid.totalCents, paid.currency)} paid. It ships as ${paid.orders.length} orders, one from each shop.`
        : `${formatMoney(paid.totalCents, paid.currency)} paid.`;
    show(done, true);
    done.focus();
  } catch (error) {
    errorBox.textContent =
      error instanceof ApiError
        ? (CHECKOUT_ERRORS[error.code] ?? error.message)
        : 'Could not reach Streamcart. Check your connection and try again.';
  } finally {
    payButton.disabled = false;
    render();
  }
}

payButton.addEventListener('click', () => void checkOut());
cart.onChange(render);
render();
void picker.load(loadSession()?.token);
document.title = `Bag (${cart.count()}) · Streamcart`;

import { AccountMenu } from '../../lib/account-menu.ts';
import { api } from '../../lib/api.ts';
import { type CheckoutProduct, CheckoutSheet } from '../../lib/checkout-sheet.ts';
import { byId, show } from '../../lib/dom.ts';
import { NotificationsMenu } from '../../lib/notifications-menu.ts';
import { loadSession } from '../../lib/session.ts';
import { type FeedItem, getFeed } from '../../lib/social-api.ts';
import { connectLive } from '../../lib/socket.ts';
import { POSTER_REFRESH_MS, productCard, streamCard } from './feed-card.ts';
import { FeedSearchBar } from './feed-search.ts';

const REFRESH_MS = 15_000;
const SKELETON_CARDS = 6;
/** Cards on a phone's first screen (a 2-up grid): their pictures load eagerly. */
const ABOVE_FOLD = 4;
const list = byId('feed-list', HTMLUListElement);
const subtitle = byId('feed-subtitle');
const filters = byId('feed-filters');
const empty = byId('empty-state');
const emptyTitle = byId('empty-title');
const errorBox = byId('home-error');
const search = new FeedSearchBar({
  form: byId('feed-search', HTMLFormElement),
  input: byId('feed-query', HTMLInputElement),
  categories: byId('feed-categories'),
  onChange: () => {
    shownKey = '';
    void refresh();
  },
});

type Filter = 'all' | FeedItem['type'];

let items: FeedItem[] = [];
let filter: Filter = 'all';
let shownKey = '';

// One socket for the bell (notification:new) and the checkout's order:update.
const socket = connectLive(() => loadSession()?.token);
const header = byId('header-actions');
const notifications = new NotificationsMenu({ slot: header, socket, session: loadSession });
const checkout = new CheckoutSheet({ socket, session: loadSession, onSignedIn: () => sessionChanged(), backLabel: 'Keep browsing' });
const account = new AccountMenu({ slot: header, onChange: () => sessionChanged() });

function sessionChanged(): void {
  account.render();
  notifications.renderSession();
  checkout.renderSession();
  socket.disconnect().connect();
  shownKey = '';
  void refresh();
}

function renderSubtitle(): void {
  const session = loadSession();
  subtitle.textContent = session
    ? `Picked for ${session.user.displayName}: creators you follow, things like what you bought, and what's popular.`
    : "What's popular right now. Sign in to see the creators you follow first.";
}

function render(): void {
  const visible = items.filter((item) => filter === 'all' || item.type === filter);
  // The poster frames' period is part of the key, so live cards pick up a newer frame.
  const key = JSON.stringify([filter, search.value, Math.floor(Date.now() / POSTER_REFRESH_MS), visible]);
  if (key === shownKey) return;
  shownKey = key;
  list.replaceChildren(
    ...visible.map((item, index) =>
      item.type === 'stream'
        ? streamCard(item)
        : productCard(
            item,
            (product) => void checkout.open({ kind: 'product', product: { ...product, stock: undefined } }),
            index < ABOVE_FOLD,
          ),
    ),
  );
  emptyTitle.textContent = search.isActive
    ? 'Nothing matches your search'
    : filter === 'product'
      ? 'No products yet'
      : filter === 'stream'
        ? 'No one is live or scheduled'
        : 'Nothing here yet';
  show(empty, visible.length === 0);
}

async function refresh(): Promise<void> {
  renderSubtitle();
  try {
    items = (await getFeed(loadSession()?.token, search.value)).items;
    render();
    show(errorBox, false);
  } catch {
    errorBox.textContent = 'Could not load your feed. Retrying…';
    show(errorBox, true);
  } finally {
    list.setAttribute('aria-busy', 'false');
    list.classList.remove('is-loading');
  }
}

filters.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-filter]') : null;
  if (!button) return;
  filter = (button.dataset.filter as Filter | undefined) ?? 'all';
  for (const chip of filters.querySelectorAll('button')) chip.setAttribute('aria-pressed', String(chip === button));
  render();
});

/** A product share link (`/s/:code`) lands here with `?product=<id>`: open that product's checkout. */
async function openSharedProduct(): Promise<void> {
  const productId = new URLSearchParams(location.search).get('product');
  if (!productId) return;
  try {
    const product = await api<CheckoutProduct & { status: string }>('GET', `/api/products/${encodeURIComponent(productId)}`);
    if (product.status === 'active') void checkout.open({ kind: 'product', product: { ...product, stock: undefined } });
  } catch {
    errorBox.textContent = 'That shared product is no longer available.';
    show(errorBox, true);
  }
}

void search.loadCategories();
list.classList.add('is-loading');
list.replaceChildren(...Array.from({ length: SKELETON_CARDS }, () => document.createElement('li')));
await refresh();
await openSharedProduct();
setInterval(() => {
  if (document.visibilityState === 'visible') void refresh();
}, REFRESH_MS);

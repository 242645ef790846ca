import { h, show } from './dom.ts';
import { formatMoney } from './format.ts';
import { refundReasonLabel } from './refund-api.ts';
import type { Session } from './session.ts';
import { type AppNotification, listNotifications, markNotificationsRead } from './social-api.ts';
import type { LiveSocket } from './socket.ts';

const BELL_PATH =
  'M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0';

/** "just now", "5 min ago", "3 h ago", then the date. */
export function formatAgo(iso: string, now = Date.now()): string {
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** What a notification says and where it leads. */
export function describeNotification(n: AppNotification): { text: string; href: string | undefined } {
  const text = (key: string) => (typeof n.payload[key] === 'string' ? n.payload[key] : undefined);
  const streamId = text('streamId');
  const title = text('title');
  const reason = text('reason');
  const because = reason ? `: ${reason}` : '';
  switch (n.kind) {
    case 'stream_live':
      return {
        text: title ? `Now live: ${title}` : 'A creator you follow is live',
        href: streamId && `/live/${encodeURIComponent(streamId)}`,
      };
    // Moderation notices go to the merchant, whose console shows the product or the suspension.
    case 'product_taken_down':
      return { text: `Streamcart took down ${title ? `“${title}”` : 'a product'}${because}`, href: '/merchant' };
    case 'product_restored':
      return { text: `${title ? `“${title}”` : 'Your product'} is back on sale`, href: '/merchant' };
    case 'merchant_suspended':
      return { text: `Your shop is suspended${because}`, href: '/merchant' };
    case 'merchant_reinstated':
      return { text: 'Your shop is open again', href: '/merchant' };
    // To the host, whose studio shows the ended show with the reason.
    case 'stream_ended_by_moderation':
      return {
        text: `Streamcart ended your live show${title ? ` “${title}”` : ''}${because}`,
        href: streamId && `/studio/${encodeURIComponent(streamId)}`,
      };
    // To a viewer an admin restricted from chat in every stream; the live page's chat says it too.
    case 'chat_banned': {
      const until = text('until');
      const end = until ? new Date(until).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : undefined;
      return { text: `Streamcart restricted you from chat ${end ? `until ${end}` : 'until further notice'}${because}`, href: undefined };
    }
    case 'chat_ban_lifted':
      return { text: 'You can chat again: Streamcart lifted your chat restriction', href: undefined };
    // To a buyer whose product review an admin removed; it leads to the product, where it no longer shows.
    case 'review_removed': {
      const productId = text('productId');
      const words = text('text');
      return {
        text: `Streamcart removed your review${words ? ` “${words}”` : ''}${because}`,
        href: productId && `/products/${encodeURIComponent(productId)}`,
      };
    }
    // After-sales: the merchant hears of requests and cancellations, the buyer of the answer.
    case 'refund_requested':
      return { text: `A buyer asked for a refund: ${refundReasonLabel(reason ?? 'other').toLowerCase()}`, href: '/merchant' };
    case 'order_cancelled':
      return { text: 'A buyer cancelled an order before it shipped: do not ship it', href: '/merchant' };
    case 'refund_approved': {
      const cents = n.payload.totalCents;
      const currency = text('currency');
      const amount = typeof cents === 'number' && currency ? formatMoney(cents, currency) : undefined;
      return { text: amount ? `Your refund of ${amount} is on its way` : 'Your refund is on its way', href: '/orders' };
    }
    case 'refund_declined':
      return { text: `The shop declined your refund request${because}`, href: '/orders' };
    default:
      return { text: title ?? 'New activity', href: streamId && `/live/${encodeURIComponent(streamId)}` };
  }
}

/**
 * The header's bell for a signed-in user: unread count, the newest notifications, mark read, and
 * new ones live over `notification:new` (the server sends them to the user's own room).
 */
export class NotificationsMenu {
  readonly #session: () => Session | undefined;
  readonly #root = h('div', { className: 'menu notifications', attrs: { id: 'notifications' } });
  readonly #count = h('span', { className: 'menu-count', attrs: { id: 'notifications-count', 'aria-hidden': 'true' } });
  readonly #button = h('button', {
    className: 'icon-button menu-button',
    attrs: { id: 'notifications-button', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'notifications-panel' },
  });
  readonly #markAll = h(
    'button',
    { className: 'link-button small', attrs: { id: 'notifications-read-all', type: 'button' } },
    'Mark all read',
  );
  readonly #list = h('ul', { className: 'notification-list', attrs: { id: 'notifications-list' } });
  readonly #empty = h('p', { className: 'muted small menu-empty' }, 'Nothing yet. Follow a creator to hear when they go live.');
  readonly #panel = h(
    'div',
    { className: 'menu-panel', attrs: { id: 'notifications-panel', role: 'region', 'aria-label': 'Notifications' } },
    h('div', { className: 'menu-panel-head' }, h('h2', {}, 'Notifications'), this.#markAll),
    this.#list,
    this.#empty,
  );
  readonly #announce = h('span', { className: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });
  #items: AppNotification[] = [];
  #unread = 0;
  #loadedFor: string | undefined;

  constructor(deps: { slot: HTMLElement; socket: LiveSocket; session: () => Session | undefined }) {
    this.#session = deps.session;
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.classList.add('icon');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', BELL_PATH);
    svg.append(path);
    this.#button.append(svg, this.#count);
    this.#root.append(this.#button, this.#panel, this.#announce);
    deps.slot.prepend(this.#root);
    show(this.#panel, false);

    this.#button.addEventListener('click', () => this.#toggle(this.#panel.hidden !== false));
    this.#markAll.addEventListener('click', () => void this.#markRead(undefined));
    document.addEventListener('click', (event) => {
      // composedPath() still holds a target that the click's own handler has just replaced.
      if (!this.#panel.hidden && !event.composedPath().includes(this.#root)) this.#toggle(false);
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.#panel.hidden) {
        this.#toggle(false);
        this.#button.focus();
      }
    });
    deps.socket.on('notification:new', (n) => {
      if (this.#items.some((item) => item.id === n.id)) return;
      this.#items = [{ ...n, readAt: null }, ...this.#items].slice(0, 50);
      this.#unread += 1;
      this.#announce.textContent = describeNotification({ ...n, readAt: null }).text;
      this.#button.classList.remove('has-news');
      // Restart the nudge animation for each new notification.
      void this.#button.offsetWidth;
      this.#button.classList.add('has-news');
      this.#render();
    });
    // Anything sent while the socket was away is in the list; read it again.
    deps.socket.on('connect', () => {
      if (this.#loadedFor) void this.#load();
    });
    this.renderSession();
  }

  /** Shows the bell for a signed-in user (loading their list), hides it otherwise. */
  renderSession(): void {
    const session = this.#session();
    show(this.#root, session !== undefined);
    if (!session) {
      this.#loadedFor = undefined;
      this.#items = [];
      this.#unread = 0;
      this.#toggle(false);
      this.#render();
      return;
    }
    if (this.#loadedFor !== session.user.id) void this.#load();
  }

  async #load(): Promise<void> {
    const session = this.#session();
    if (!session) return;
    try {
      const { items, unreadCount } = await listNotifications(session.token);
      this.#items = items;
      this.#unread = unreadCount;
      this.#loadedFor = session.user.id;
      this.#render();
    } catch {
      // The bell stays as it was; the next reconnect or sign-in tries again.
    }
  }

  async #markRead(ids: string[] | undefined): Promise<void> {
    const session = this.#session();
    if (!session) return;
    const now = new Date().toISOString();
    const marked = this.#items.filter((n) => !n.readAt && (!ids || ids.includes(n.id)));
    for (const n of marked) n.readAt = now;
    this.#unread = ids ? Math.max(0, this.#unread - marked.length) : 0;
    this.#render();
    await markNotificationsRead(session.token, ids).catch(() => this.#load());
  }

  #toggle(open: boolean): void {
    show(this.#panel, open);
    this.#button.setAttribute('aria-expanded', String(open));
  }

  #render(): void {
    this.#count.textContent = this.#unread > 99 ? '99+' : String(this.#unread);
    show(this.#count, this.#unread > 0);
    this.#button.setAttribute('aria-label', this.#unread > 0 ? `Notifications, ${this.#unread} unread` : 'Notifications');
    this.#markAll.disabled = this.#unread === 0;
    show(this.#empty, this.#items.length === 0);
    this.#list.replaceChildren(...this.#items.map((n) => this.#item(n)));
  }

  #item(n: AppNotification): HTMLLIElement {
    const { text, href } = describeNotification(n);
    const body = [
      h('span', { className: 'notification-text' }, text),
      h('time', { attrs: { datetime: n.createdAt } }, formatAgo(n.createdAt)),
    ];
    const target = href ? h('a', { attrs: { href } }, ...body) : h('div', {}, ...body);
    target.addEventListener('click', (event) => {
      if (n.readAt) return;
      if (!href) {
        void this.#markRead([n.id]);
        return;
      }
      // Mark it read before leaving the page, so the count is right on the next one.
      event.preventDefault();
      const leave = () => location.assign(href);
      void Promise.race([this.#markRead([n.id]), new Promise((resolve) => setTimeout(resolve, 800))]).then(leave, leave);
    });
    return h(
      'li',
      { className: n.readAt ? 'notification' : 'notification is-unread', attrs: { 'data-notification-id': n.id, 'data-kind': n.kind } },
      target,
    );
  }
}

import type { GroupUpdatePayload } from '../../../../server/src/realtime/contract.ts';
import { ApiError, api } from '../../lib/api.ts';
import { every, formatCountdown } from '../../lib/countdown.ts';
import { h, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';
import {
  enterGroup,
  type Group,
  type GroupOffer,
  type GroupOrder,
  type GroupShippingAddress,
  getGroup,
  listGroupOffers,
} from '../../lib/group-buy-api.ts';
import type { Session } from '../../lib/session.ts';

const REFUSALS: Record<string, string> = {
  GROUP_FULL: 'This group is full. Start a new one!',
  GROUP_EXPIRED: "This group's time ran out. Start a new one!",
  ALREADY_IN_GROUP: 'You are already in this group.',
  PAYMENT_NOT_PENDING: 'Your time to pay ran out, so your place was freed. Join again while there is room.',
  OUT_OF_STOCK: 'Sold out.',
};

const ADDRESS_FIELDS: { name: keyof GroupShippingAddress; label: string }[] = [
  { name: 'name', label: 'Name' },
  { name: 'line1', label: 'Address' },
  { name: 'city', label: 'City' },
  { name: 'postalCode', label: 'Postal code' },
  { name: 'country', label: 'Country (e.g. CN)' },
];

// The checkout sheet keeps the last address under the same key, so a buyer types it once.
const addressKey = (userId: string) => `streamcart.address.${userId}`;

/**
 * The stream's group buy on the viewer page: "2 of 3 joined, 5:42 left", a Join (or Start a
 * group) button, paying in the sandbox, and a link to share. A `?group=<id>` in the page's
 * address (the share link) picks that group. Whether the viewer is in the group comes from the
 * server, so a member sees their place (and "Pay now" while unpaid) in any tab.
 */
export class GroupBuyCard {
  readonly root = h('section', { className: 'card group-buy', attrs: { id: 'group-buy', 'aria-label': 'Group buy' } });
  readonly #streamId: string;
  readonly #session: () => Session | undefined;
  /** A signed-out viewer's Join opens the sign-in dialog on top. */
  readonly #askToSignIn: () => void;
  readonly #title = h('h2', { className: 'flash-title' });
  readonly #prices = h('p', { className: 'small' });
  readonly #bar = h('span', { className: 'stock-fill' });
  readonly #barTrack = h('div', { className: 'stock-bar', attrs: { role: 'progressbar', 'aria-label': 'Members joined' } }, this.#bar);
  readonly #progress = h('p', { className: 'small muted', attrs: { id: 'group-progress', role: 'timer' } });
  readonly #address = h('form', { className: 'group-address', attrs: { id: 'group-address', novalidate: '' } });
  readonly #action = h('button', { className: 'button button-live', attrs: { id: 'group-action', type: 'button' } });
  readonly #share = h('button', { className: 'link-button small', attrs: { id: 'group-share', type: 'button' } }, 'Copy link');
  readonly #member = h('p', { className: 'small', attrs: { id: 'group-member' } }, "You're in this group");
  readonly #note = h('p', { className: 'small', attrs: { id: 'group-note', role: 'status' } });
  readonly #error = h('p', { className: 'form-error', attrs: { id: 'group-error', role: 'alert' } });
  #offer: GroupOffer | undefined;
  #productTitle = '';
  #group: Group | undefined;
  #isBusy = false;

  constructor(deps: { streamId: string; session: () => Session | undefined; askToSignIn: () => void }) {
    this.#streamId = deps.streamId;
    this.#session = deps.session;
    this.#askToSignIn = deps.askToSignIn;
    for (const field of ADDRESS_FIELDS) {
      this.#address.append(
        h('label', { className: 'small' }, field.label, h('input', { attrs: { name: field.name, required: '', autocomplete: 'on' } })),
      );
    }
    this.root.append(
      h('div', { className: 'flash-head' }, h('span', { className: 'badge badge-flash' }, 'Group buy')),
      this.#title,
      this.#prices,
      this.#barTrack,
      this.#progress,
      this.#member,
      this.#address,
      h('div', { className: 'flash-actions' }, this.#action, this.#share),
      this.#note,
      this.#error,
    );
    show(this.root, false);
    show(this.#address, false);
    this.#action.addEventListener('click', () => void this.#act());
    this.#share.addEventListener('click', () => {
      if (this.#group) void navigator.clipboard?.writeText(this.#group.shareUrl).then(() => this.#say('Link copied.'));
    });
    every(1000, () => this.#render());
  }

  /**
   * Loads the stream's newest offer (as the signed-in viewer sees it) and the group to show: the
   * shared one, else an open one the viewer is in, else the first open one.
   */
  async load(): Promise<void> {
    const token = this.#session()?.token;
    const [offer] = await listGroupOffers(this.#streamId, token);
    this.#offer = offer;
    if (!offer) return this.#render();
    const product = await api<{ title: string }>('GET', `/api/products/${encodeURIComponent(offer.productId)}`).catch(() => undefined);
    this.#productTitle = product?.title ?? '';
    const shared = new URLSearchParams(location.search).get('group');
    const sharedGroup = shared ? await getGroup(shared, token).catch(() => undefined) : undefined;
    this.#group = sharedGroup?.offerId === offer.id ? sharedGroup : (offer.openGroups.find((g) => g.membership) ?? offer.openGroups[0]);
    this.#render();
  }

  /** A `group:update` for the stream or for one of the viewer's groups. */
  onUpdate(update: GroupUpdatePayload): void {
    const token = this.#session()?.token;
    if (update.id === this.#group?.id) {
      this.#group = { ...this.#group, ...update };
      // The update counts everyone; a member's own order (paid in another tab, or lapsed) is read again.
      if (this.#group.membership && token) void this.#showGroup(update.id, token);
    }
    // Someone opened a group here: show it when the viewer has none going.
    else if (update.offerId === this.#offer?.id && update.status === 'open' && this.#group?.status !== 'open' && this.#offer) {
      void this.#showGroup(update.id, token);
    }
    this.#render();
  }

  async #showGroup(groupId: string, token: string | undefined): Promise<void> {
    const group = await getGroup(groupId, token).catch(() => undefined);
    // Another group may have been picked meanwhile (e.g. the viewer started one).
    if (group && (this.#group === undefined || this.#group.id === groupId || this.#group.status !== 'open')) this.#group = group;
    this.#render();
  }

  async #act(): Promise<void> {
    const session = this.#session();
    const offer = this.#offer;
    if (!offer || this.#isBusy) return;
    if (!session) return this.#askToSignIn();
    this.#isBusy = true;
    this.#fail(undefined);
    try {
      const order = this.#group?.membership?.order;
      if (order && !isPaid(order)) await this.#pay(session, order);
      else await this.#enter(session, offer);
    } catch (error) {
      this.#fail(error instanceof ApiError ? (REFUSALS[error.code] ?? error.message) : 'Could not reach the shop; try again.');
      // The group or the viewer's place changed meanwhile (joined in another tab, or the unpaid
      // order lapsed): show it as it is now, with Pay now or Join as fits.
      if (error instanceof ApiError && this.#group) await this.#showGroup(this.#group.id, session.token);
    } finally {
      this.#isBusy = false;
      this.#render();
    }
  }

  async #enter(session: Session, offer: GroupOffer): Promise<void> {
    const address = this.#readAddress(session);
    if (!address) {
      show(this.#address, true);
      return this.#fail('Where should it go? Fill in the address, then press the button again.');
    }
    const group = this.#group;
    const target = group?.status === 'open' && Date.parse(group.deadline) > Date.now() ? { groupId: group.id } : { offerId: offer.id };
    const membership = await enterGroup(session.token, target, address);
    localStorage.setItem(addressKey(session.user.id), JSON.stringify(address));
    this.#group = membership.group;
    show(this.#address, false);
  }

  async #pay(session: Session, order: GroupOrder): Promise<void> {
    const paid = await api<{ status: string }>('POST', `/api/payments/${encodeURIComponent(order.paymentId)}/sandbox-pay`, {
      token: session.token,
      body: { outcome: 'succeeded' },
    });
    const isDone = paid.status === 'succeeded';
    const group = this.#group;
    if (isDone && group?.membership?.order.id === order.id) {
      this.#group = { ...group, membership: { ...group.membership, order: { ...order, status: 'paid' } } };
    }
    this.#say(
      isDone ? 'Paid. Your payment is held until the group fills; if it does not, you get it back.' : 'The payment did not go through.',
    );
  }

  /** The saved address, or the one typed into the card's form when it is complete. */
  #readAddress(session: Session): GroupShippingAddress | undefined {
    const form = new FormData(this.#address);
    const typed = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f.name, String(form.get(f.name) ?? '').trim()]));
    if (ADDRESS_FIELDS.every((f) => typed[f.name]))
      return { ...(typed as unknown as GroupShippingAddress), country: typed.country?.toUpperCase() ?? '' };
    try {
      const saved = JSON.parse(localStorage.getItem(addressKey(session.user.id)) ?? 'null') as GroupShippingAddress | null;
      return saved && ADDRESS_FIELDS.every((f) => saved[f.name]) ? saved : undefined;
    } catch {
      return undefined;
    }
  }

  #render(): void {
    const offer = this.#offer;
    show(this.root, Boolean(offer));
    if (!offer) return;
    const group = this.#group;
    this.#title.textContent = this.#productTitle || 'Group buy';
    this.#prices.textContent = `${formatMoney(offer.groupPriceCents, offer.currency)} each in a group of ${offer.groupSize} · ${formatMoney(offer.listPriceCents, offer.currency)} alone`;
    const left = group ? Date.parse(group.deadline) - Date.now() : 0;
    const isOpen = group?.status === 'open' && left > 0;
    this.#bar.style.width = `${group ? (100 * group.joined) / group.size : 0}%`;
    this.#barTrack.setAttribute('aria-valuemax', String(offer.groupSize));
    this.#barTrack.setAttribute('aria-valuenow', String(group?.joined ?? 0));
    this.#progress.textContent = !group
      ? `No group yet: start one and share the link within ${offer.windowMinutes} min.`
      : group.status === 'succeeded'
        ? `Group filled: ${group.paid} of ${group.size} paid. Orders are on their way.`
        : group.status === 'failed' || !isOpen
          ? `Time ran out at ${group.joined} of ${group.size}; every payment is refunded.`
          : `${group.joined} of ${group.size} joined, ${formatCountdown(left)} left`;
    const order = group?.membership?.order;
    const isMember = order !== undefined;
    const hasPaid = order !== undefined && isPaid(order);
    show(this.#member, isMember && group?.status !== 'failed');
    show(this.#share, isMember && isOpen);
    // "Held until the group fills" no longer holds once the group has closed.
    if (hasPaid && !isOpen) this.#say('');
    this.#action.disabled = this.#isBusy || hasPaid || (isMember && !isOpen);
    this.#action.textContent = isMember
      ? hasPaid
        ? group?.status === 'succeeded'
          ? 'Paid · group filled'
          : isOpen
            ? 'Paid · waiting for the group'
            : 'Group closed · refunded'
        : `Pay now · ${formatMoney(order.totalCents, order.currency)}`
      : isOpen
        ? `Join for ${formatMoney(offer.groupPriceCents, offer.currency)}`
        : `Start a group for ${formatMoney(offer.groupPriceCents, offer.currency)}`;
  }

  #say(message: string): void {
    this.#note.textContent = message;
  }

  #fail(message: string | undefined): void {
    this.#error.textContent = message ?? '';
    show(this.#error, Boolean(message));
  }
}

/** Paid, or past paid (a member's order is never shown once cancelled). */
function isPaid(order: GroupOrder): boolean {
  return order.status !== 'pending_payment';
}

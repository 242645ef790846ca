import type { GroupUpdatePayload } from '../../../../server/src/realtime/contract.ts';
import { ApiError, api } from '../../lib/api.ts';
import { every, formatCountdown } from '../../lib/countdown.ts';
import { h, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';
import {
  enterGroup,
  type Group,
  type GroupOffer,
  type GroupShippingAddress,
  getGroup,
  listGroupOffers,
  type Membership,
} from '../../lib/group-buy-api.ts';
import type { Session } from '../../lib/session.ts';

const REFUSALS: Record<string, string> = {
  GROUP_FULL: 'This group is full. Start a new one!',
  GROUP_EXPIRED: "This group's time ran out. Start a new one!",
  ALREADY_IN_GROUP: 'You are already in this group.',
  OUT_OF_STOCK: 'Sold out.',
  UNAUTHENTICATED: 'Sign in to join (the sign-in box is under the chat).',
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
const membershipKey = (groupId: string, userId: string) => `streamcart.group.${groupId}.${userId}`;

/**
 * The stream's group buy on the viewer page: "2 of 3 joined, 5:42 left", a Join (or Start a
 * group) button, paying in the sandbox, and a link to share. A `?group=<id>` in the page's
 * address (the share link) picks that group.
 */
export class GroupBuyCard {
  readonly root = h('section', { className: 'card group-buy', attrs: { id: 'group-buy', 'aria-label': 'Group buy' } });
  readonly #streamId: string;
  readonly #session: () => Session | undefined;
  readonly #title = h('h2', { className: 'flash-title' });
  readonly #prices = h('p', { className: 'small' });
  readonly #bar = h('span', { className: 'stock-fill' });
  readonly #barTrack = h('div', { className: 'stock-bar', attrs: { role: 'progressbar', 'aria-label': 'Members joined' } }, this.#bar);
  readonly #progress = h('p', { className: 'small muted', attrs: { id: 'group-progress', role: 'timer' } });
  readonly #address = h('form', { className: 'group-address', attrs: { id: 'group-address', novalidate: '' } });
  readonly #action = h('button', { className: 'button button-live', attrs: { id: 'group-action', type: 'button' } });
  readonly #share = h('button', { className: 'link-button small', attrs: { id: 'group-share', type: 'button' } }, 'Copy link');
  readonly #note = h('p', { className: 'small', attrs: { id: 'group-note', role: 'status' } });
  readonly #error = h('p', { className: 'form-error', attrs: { id: 'group-error', role: 'alert' } });
  #offer: GroupOffer | undefined;
  #productTitle = '';
  #group: Group | undefined;
  #membership: Membership | undefined;
  #isPaid = false;
  #isBusy = false;

  constructor(deps: { streamId: string; session: () => Session | undefined }) {
    this.#streamId = deps.streamId;
    this.#session = deps.session;
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

  /** Loads the stream's newest offer and the group to show (the shared one, or the first open one). */
  async load(): Promise<void> {
    const [offer] = await listGroupOffers(this.#streamId);
    this.#offer = offer;
    if (!offer) return this.#render();
    const product = await api<{ title: string }>('GET', `/api/products/${encodeURIComponent(offer.productId)}`).catch(() => undefined);
    this.#productTitle = product?.title ?? '';
    const shared = new URLSearchParams(location.search).get('group');
    const sharedGroup = shared ? await getGroup(shared).catch(() => undefined) : undefined;
    this.#group = sharedGroup?.offerId === offer.id ? sharedGroup : offer.openGroups[0];
    this.#restoreMembership();
    this.#render();
  }

  /** A `group:update` for the stream or for one of the viewer's groups. */
  onUpdate(update: GroupUpdatePayload): void {
    if (update.id === this.#group?.id) this.#group = { ...this.#group, ...update };
    // Someone opened a group here: show it when the viewer has none going.
    else if (update.offerId === this.#offer?.id && update.status === 'open' && this.#group?.status !== 'open' && this.#offer) {
      void getGroup(update.id).then((group) => {
        this.#group = group;
        this.#restoreMembership();
        this.#render();
      });
    }
    this.#render();
  }

  async #act(): Promise<void> {
    const session = this.#session();
    const offer = this.#offer;
    if (!offer || this.#isBusy) return;
    if (!session) return this.#fail(REFUSALS.UNAUTHENTICATED);
    this.#isBusy = true;
    this.#fail(undefined);
    try {
      if (this.#membership && !this.#isPaid) await this.#pay(session, this.#membership);
      else await this.#enter(session, offer);
    } catch (error) {
      this.#fail(error instanceof ApiError ? (REFUSALS[error.code] ?? error.message) : 'Could not reach the shop; try again.');
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
    this.#membership = membership;
    this.#isPaid = false;
    this.#group = membership.group;
    this.#remember(session);
    show(this.#address, false);
  }

  async #pay(session: Session, membership: Membership): Promise<void> {
    const paid = await api<{ status: string }>('POST', `/api/payments/${encodeURIComponent(membership.order.paymentId)}/sandbox-pay`, {
      token: session.token,
      body: { outcome: 'succeeded' },
    });
    this.#isPaid = paid.status === 'succeeded';
    this.#remember(session);
    this.#say(
      this.#isPaid
        ? 'Paid. Your payment is held until the group fills; if it does not, you get it back.'
        : 'The payment did not go through.',
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
    const isMember = Boolean(this.#membership && this.#membership.group.id === group?.id);
    show(this.#share, isMember && isOpen);
    // "Held until the group fills" no longer holds once the group has closed.
    if (isMember && this.#isPaid && !isOpen) this.#say('');
    this.#action.disabled = this.#isBusy || (isMember && this.#isPaid) || (isMember && !isOpen);
    this.#action.textContent = isMember
      ? this.#isPaid
        ? group?.status === 'succeeded'
          ? 'Paid · group filled'
          : isOpen
            ? 'Paid · waiting for the group'
            : 'Group closed · refunded'
        : `Pay ${formatMoney(this.#membership?.order.totalCents ?? offer.groupPriceCents, offer.currency)}`
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

  /** This tab remembers the viewer's membership of the shown group (to offer Pay after a reload). */
  #remember(session: Session): void {
    if (this.#membership) {
      const value = JSON.stringify({ membership: this.#membership, isPaid: this.#isPaid });
      sessionStorage.setItem(membershipKey(this.#membership.group.id, session.user.id), value);
    }
  }

  #restoreMembership(): void {
    const session = this.#session();
    this.#membership = undefined;
    this.#isPaid = false;
    if (!session || !this.#group) return;
    try {
      const stored = JSON.parse(sessionStorage.getItem(membershipKey(this.#group.id, session.user.id)) ?? 'null') as {
        membership: Membership;
        isPaid: boolean;
      } | null;
      this.#membership = stored?.membership;
      this.#isPaid = stored?.isPaid ?? false;
    } catch {
      this.#membership = undefined;
    }
  }
}

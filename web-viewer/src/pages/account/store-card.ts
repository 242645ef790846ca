import { type AccountChange, type AccountView, openStore } from '../../lib/accounts-api.ts';
import { AddressFields } from '../../lib/address-fields.ts';
import { ApiError } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';
import { ImagePicker } from '../../lib/image-picker.ts';

const MESSAGES: Record<string, string> = {
  STORE_REQUEST_PENDING: 'Your store is already waiting for approval; you will be notified.',
};

/**
 * Selling as a merchant: a store with a name, a logo and a return address. Approved at once, or
 * waiting for an admin (MERCHANT_APPROVAL=admin), declined with a reason (then it may be sent again).
 */
export class StoreCard {
  readonly element = h('section', { className: 'card account-card', attrs: { id: 'store', 'aria-labelledby': 'store-title' } });
  readonly #title = h('h2', { className: 'card-title', attrs: { id: 'store-title' } });
  readonly #intro = h('p', { className: 'muted small' });
  readonly #state = h('p', { className: 'store-state', attrs: { id: 'store-state', role: 'status' } });
  readonly #name = h('input', {
    attrs: { id: 'store-name', name: 'storeName', required: '', maxlength: '80', autocomplete: 'organization' },
  });
  readonly #logo: ImagePicker;
  readonly #address = new AddressFields('store-return');
  readonly #submit = h('button', { className: 'button', attrs: { type: 'submit', id: 'store-submit' } });
  readonly #console = h('a', { className: 'button button-outline', attrs: { href: '/merchant', id: 'store-console' } }, 'Merchant console');
  readonly #error = h('p', { className: 'form-error', attrs: { role: 'alert' } });
  readonly #fieldset: HTMLFieldSetElement;

  constructor(deps: { token: () => string; onChanged: (change: AccountChange) => void }) {
    this.#logo = new ImagePicker({ id: 'store-logo', label: 'Logo (optional)', token: deps.token });
    this.#error.hidden = true;
    this.#fieldset = h(
      'fieldset',
      { className: 'plain-fieldset' },
      h('label', { className: 'field', attrs: { for: 'store-name' } }, 'Store name'),
      this.#name,
      this.#logo.element,
      h('fieldset', { className: 'checkout-address store-return' }, h('legend', {}, 'Return address'), this.#address.element),
    );
    const form = h(
      'form',
      { className: 'account-form', attrs: { novalidate: '' } },
      this.#fieldset,
      h('div', { className: 'form-actions' }, this.#submit, this.#console),
      this.#error,
    );
    this.element.append(this.#title, this.#intro, this.#state, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const returnAddress = this.#address.read();
      const name = this.#name.value.trim();
      if (!name) this.#name.setAttribute('aria-invalid', 'true');
      else this.#name.removeAttribute('aria-invalid');
      if (!returnAddress || !name) {
        this.#fail('Check the highlighted fields.');
        return;
      }
      this.#submit.disabled = true;
      this.#error.hidden = true;
      openStore(deps.token(), { name, logoUrl: this.#logo.value, returnAddress }).then(
        (change) => {
          this.#submit.disabled = false;
          deps.onChanged(change);
        },
        (error: unknown) => {
          this.#submit.disabled = false;
          this.#fail(error instanceof ApiError ? (MESSAGES[error.code] ?? error.message) : 'Could not save; try again.');
        },
      );
    });
  }

  render(account: AccountView): void {
    const { store, user } = account;
    const isMerchant = user.roles.includes('merchant');
    const isPending = store?.status === 'pending' && !isMerchant;
    this.#title.textContent = isMerchant ? 'Your store' : 'Sell as a merchant';
    this.#intro.textContent = isMerchant
      ? 'What buyers see of your store, and where they send returns.'
      : account.merchantApproval === 'admin'
        ? 'Open a store to list products; creators sell them in their shows. A Streamcart admin reviews each new store.'
        : 'Open a store to list products; creators sell them in their shows.';
    this.#state.dataset.status = isMerchant ? 'approved' : (store?.status ?? 'none');
    this.#state.textContent = isMerchant
      ? ''
      : isPending
        ? 'Waiting for approval: you will be notified when an admin has looked at it.'
        : store?.status === 'declined'
          ? `Not approved: ${store.declineReason ?? 'no reason given'}. Change what is needed and send it again.`
          : '';
    this.#state.hidden = !this.#state.textContent;
    this.#submit.textContent = isMerchant ? 'Save store' : account.merchantApproval === 'admin' ? 'Send for approval' : 'Open my store';
    this.#console.hidden = !isMerchant;
    this.#fieldset.disabled = isPending;
    this.#submit.disabled = isPending;
    this.#logo.allowUpload(user.roles.includes('merchant') || user.roles.includes('kol'));
    if (store && !this.element.contains(document.activeElement)) {
      this.#name.value = store.name;
      this.#logo.value = store.logoUrl;
      this.#address.fill(store.returnAddress);
    }
  }

  #fail(message: string): void {
    this.#error.textContent = message;
    this.#error.hidden = false;
  }
}

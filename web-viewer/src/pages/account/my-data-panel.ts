import './my-data-panel.css';
import type { Obligation, OpenObligations } from '../../../../server/src/domains/privacy/views.ts';
import { h, show } from '../../lib/dom.ts';

/** What the person can do about each obligation, with the page that does it. */
const OBLIGATION_LINKS: Record<Obligation['kind'], { href: string; label: string }> = {
  orders_to_ship: { href: '/merchant', label: 'Open the merchant console' },
  orders_in_progress: { href: '/orders', label: 'Open My orders' },
  payouts_in_flight: { href: '/merchant', label: 'See your payouts' },
};

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const OBLIGATION_TITLES: Record<Obligation['kind'], (n: number) => string> = {
  orders_to_ship: (n) => `${count(n, 'paid order', 'paid orders')} of your shop still to ship`,
  orders_in_progress: (n) => `${count(n, 'order', 'orders')} of yours not shipped yet`,
  payouts_in_flight: (n) => `${count(n, 'payout', 'payouts')} on the way to you`,
};

/** Everything the engine keeps about the caller, as a file the browser saves (GET /api/me/export). */
async function downloadMyData(token: string): Promise<void> {
  const response = await fetch('/api/me/export', { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`The export did not download (${response.status})`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'streamcart-my-data.json';
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { attrs: { href: url, download: name } });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the download may still be reading the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** DELETE /api/me: done, the obligations to finish first, or an error message. */
async function deleteMyAccount(token: string): Promise<{ deleted: true } | { obligations: Obligation[] } | { error: string }> {
  const response = await fetch('/api/me', { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  if (response.status === 204) return { deleted: true };
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string; details?: OpenObligations } }
    | undefined;
  if (body?.error?.code === 'ACCOUNT_HAS_OPEN_OBLIGATIONS' && body.error.details) return { obligations: body.error.details.obligations };
  return { error: body?.error?.message ?? `The account was not deleted (${response.status})` };
}

/**
 * "My data" on /account: download everything kept about you, and delete the account after a
 * confirm step. When the account still has things to finish (orders to ship, a payout on its
 * way), the panel lists them with where to go, and nothing is deleted.
 */
export function mountMyDataPanel(slot: HTMLElement, deps: { token: () => string; onSignedOut: () => void }): HTMLElement {
  const downloadButton = h('button', { className: 'button', attrs: { type: 'button', id: 'my-data-download' } }, 'Download my data');
  const downloadStatus = h('p', { className: 'small muted', attrs: { role: 'status', id: 'my-data-download-status' } });
  const deleteButton = h(
    'button',
    { className: 'button button-outline danger', attrs: { type: 'button', id: 'my-data-delete' } },
    'Delete my account',
  );
  const confirmBox = h('div', {
    className: 'my-data-confirm',
    attrs: { id: 'my-data-confirm', role: 'group', 'aria-labelledby': 'my-data-confirm-title' },
  });
  const confirmInput = h('input', { attrs: { id: 'my-data-confirm-input', autocomplete: 'off', spellcheck: 'false' } });
  const confirmButton = h(
    'button',
    { className: 'button button-danger', attrs: { type: 'submit', id: 'my-data-confirm-delete' } },
    'Delete for good',
  );
  const cancelButton = h('button', { className: 'button button-outline', attrs: { type: 'button' } }, 'Keep my account');
  const outcome = h('div', { className: 'my-data-outcome', attrs: { id: 'my-data-outcome', role: 'alert' } });
  const confirmForm = h(
    'form',
    {},
    h('label', { className: 'field', attrs: { for: 'my-data-confirm-input' } }, 'Type DELETE to confirm'),
    h('div', { className: 'inline-field' }, confirmInput, confirmButton),
  );
  confirmBox.append(
    h('p', { attrs: { id: 'my-data-confirm-title' } }, h('strong', {}, 'This cannot be undone.')),
    h(
      'p',
      { className: 'small' },
      'Your email, name and addresses are erased and you are signed out everywhere. Orders stay in the shops’ books without your name or address. Download your data first if you want a copy.',
    ),
    confirmForm,
    h('div', { className: 'dialog-actions' }, cancelButton),
  );
  show(confirmBox, false);
  show(outcome, false);

  const panel = h(
    'section',
    { className: 'card account-card my-data', attrs: { id: 'my-data', 'aria-labelledby': 'my-data-title' } },
    h('h2', { className: 'card-title', attrs: { id: 'my-data-title' } }, 'My data'),
    h(
      'p',
      { className: 'small muted' },
      'A copy of everything Streamcart keeps about you: profile, orders, comments, reviews, follows, earnings and more.',
    ),
    h('div', { className: 'my-data-actions' }, downloadButton),
    downloadStatus,
    h('hr', {}),
    h('div', { className: 'my-data-actions' }, deleteButton),
    confirmBox,
    outcome,
  );

  downloadButton.addEventListener('click', () => {
    downloadButton.disabled = true;
    downloadStatus.textContent = 'Preparing your file…';
    downloadMyData(deps.token())
      .then(
        () => {
          downloadStatus.textContent = 'Downloaded.';
        },
        (error: unknown) => {
          downloadStatus.textContent = error instanceof Error ? error.message : 'Could not reach the server; try again.';
        },
      )
      .finally(() => {
        downloadButton.disabled = false;
      });
  });

  deleteButton.addEventListener('click', () => {
    show(confirmBox, true);
    show(outcome, false);
    show(deleteButton, false);
    confirmInput.value = '';
    confirmInput.focus();
  });
  cancelButton.addEventListener('click', () => {
    show(confirmBox, false);
    show(deleteButton, true);
  });

  confirmForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (confirmInput.value.trim().toUpperCase() !== 'DELETE') {
      confirmInput.setCustomValidity('Type DELETE to confirm');
      confirmInput.reportValidity();
      return;
    }
    confirmInput.setCustomValidity('');
    confirmButton.disabled = true;
    void deleteMyAccount(deps.token()).then((result) => {
      confirmButton.disabled = false;
      show(outcome, true);
      if ('deleted' in result) {
        outcome.className = 'my-data-outcome notice';
        outcome.replaceChildren(h('p', {}, 'Your account is deleted. Thank you for shopping with us.'));
        show(confirmBox, false);
        deps.onSignedOut();
        return;
      }
      outcome.className = 'my-data-outcome form-error';
      if ('error' in result) {
        outcome.replaceChildren(h('p', {}, result.error));
        return;
      }
      show(confirmBox, false);
      show(deleteButton, true);
      outcome.replaceChildren(
        h('p', {}, h('strong', {}, 'Your account cannot be deleted yet. Finish these first:')),
        h(
          'ul',
          { className: 'my-data-obligations', attrs: { id: 'my-data-obligations' } },
          ...result.obligations.map((o) =>
            h(
              'li',
              { attrs: { 'data-kind': o.kind } },
              h('strong', {}, OBLIGATION_TITLES[o.kind](o.ids.length)),
              h('span', {}, ` — ${o.action} `),
              h('a', { attrs: { href: OBLIGATION_LINKS[o.kind].href } }, OBLIGATION_LINKS[o.kind].label),
            ),
          ),
        ),
      );
    });
  });

  slot.append(panel);
  return panel;
}

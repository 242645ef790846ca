import type { ShowStatus, ShowView } from '../../lib/accounts-api.ts';
import { h } from '../../lib/dom.ts';
import { formatDayTime } from '../../lib/format.ts';
import { earnText } from './product-picker.ts';

const STATUS_TEXT: Record<ShowStatus, string> = { scheduled: 'Scheduled', live: 'Live', ended: 'Ended', cancelled: 'Cancelled' };

/** One show on "My shows": cover, title, time, featured products with what each pays, and its actions. */
export function showCard(
  show: ShowView,
  actions: { edit: (show: ShowView) => void; cancel: (show: ShowView) => Promise<void> },
): HTMLLIElement {
  const isUpcoming = show.status === 'scheduled';
  const when =
    show.status === 'live'
      ? `Live since ${formatDayTime(show.startedAt ?? '')}`
      : show.status === 'ended'
        ? `Ended ${formatDayTime(show.endedAt ?? '')}`
        : show.status === 'cancelled'
          ? 'Called off'
          : show.scheduledAt
            ? formatDayTime(show.scheduledAt)
            : 'Go live whenever you are ready';
  const buttons: HTMLElement[] = [];
  if (show.status === 'scheduled' || show.status === 'live') {
    buttons.push(
      h(
        'a',
        {
          className: show.status === 'live' ? 'button button-live' : 'button',
          attrs: { href: `/studio/${encodeURIComponent(show.id)}`, 'aria-label': `Open the studio of ${show.title}` },
        },
        'Open studio',
      ),
    );
  } else if (show.status === 'ended') {
    buttons.push(h('a', { className: 'button button-outline', attrs: { href: `/live/${encodeURIComponent(show.id)}` } }, 'View page'));
  }
  if (isUpcoming) {
    const edit = h('button', { className: 'button button-outline', attrs: { type: 'button', 'aria-label': `Edit ${show.title}` } }, 'Edit');
    edit.addEventListener('click', () => actions.edit(show));
    buttons.push(edit, cancelControl(show, actions.cancel));
  }
  const cover = show.coverUrl
    ? h('img', { className: 'show-cover', attrs: { src: show.coverUrl, alt: '', width: '160', height: '90', loading: 'lazy' } })
    : h('div', { className: 'show-cover show-cover-empty', attrs: { 'aria-hidden': 'true' } }, show.title.slice(0, 1).toUpperCase());
  return h(
    'li',
    { className: `show-item is-${show.status}`, attrs: { 'data-show-id': show.id } },
    cover,
    h(
      'div',
      { className: 'show-body' },
      h(
        'p',
        { className: 'show-meta' },
        h('span', { className: `badge show-status${show.status === 'live' ? ' badge-live' : ''}` }, STATUS_TEXT[show.status]),
        h('span', { className: 'small muted' }, when),
      ),
      h('h3', { className: 'show-title' }, show.title),
      show.products.length > 0
        ? h(
            'ul',
            { className: 'show-products' },
            ...show.products.map((p) =>
              h('li', {}, h('span', { className: 'show-product-title' }, p.title), h('span', { className: 'small earn' }, earnText(p))),
            ),
          )
        : h('p', { className: 'small muted' }, isUpcoming ? 'No products yet: edit the show to feature some.' : 'No products featured.'),
      h('div', { className: 'form-actions show-actions' }, ...buttons),
    ),
  );
}

/** "Cancel show", then "Cancel it? Yes / Keep it" in place, so a slip of the finger cancels nothing. */
function cancelControl(show: ShowView, cancel: (show: ShowView) => Promise<void>): HTMLElement {
  const slot = h('span', { className: 'cancel-control' });
  const ask = h(
    'button',
    { className: 'link-button danger-link', attrs: { type: 'button', 'aria-label': `Cancel ${show.title}` } },
    'Cancel show',
  );
  const confirmButton = h('button', { className: 'button button-live', attrs: { type: 'button' } }, 'Yes, cancel it');
  const keep = h('button', { className: 'link-button', attrs: { type: 'button' } }, 'Keep it');
  const question = h(
    'span',
    { className: 'cancel-confirm', attrs: { role: 'group', 'aria-label': `Cancel ${show.title}?` } },
    h('span', { className: 'small' }, 'Cancel this show?'),
    confirmButton,
    keep,
  );
  slot.append(ask);
  ask.addEventListener('click', () => {
    slot.replaceChildren(question);
    keep.focus();
  });
  keep.addEventListener('click', () => {
    slot.replaceChildren(ask);
    ask.focus();
  });
  confirmButton.addEventListener('click', () => {
    confirmButton.disabled = true;
    void cancel(show).finally(() => {
      confirmButton.disabled = false;
    });
  });
  return slot;
}

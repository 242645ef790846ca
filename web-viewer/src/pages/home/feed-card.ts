import { h } from '../../lib/dom.ts';
import { formatMoney, formatViewers } from '../../lib/format.ts';
import type { FeedItem } from '../../lib/social-api.ts';

type StreamItem = Extract<FeedItem, { type: 'stream' }>;
type ProductItem = Extract<FeedItem, { type: 'product' }>;

function startsAt(stream: StreamItem): string {
  if (!stream.scheduledAt) return 'Starting soon';
  const at = new Date(stream.scheduledAt);
  const isToday = at.toDateString() === new Date().toDateString();
  const time = at.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  return isToday ? `Today ${time}` : `${at.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' })} ${time}`;
}

const reasonLine = (reason: string, isPersonal: boolean) =>
  h('p', { className: isPersonal ? 'feed-reason is-personal' : 'feed-reason' }, reason);

/** Reasons that come from the viewer's own follows and purchases (see server/src/domains/feed/ranking.ts). */
const isPersonal = (reason: string) => reason.startsWith('Because you');

/** How often a live card asks for a newer poster frame (the studio sends one about every 30 s). */
export const POSTER_REFRESH_MS = 30_000;

/** The live show's latest frame over its gradient; a show without one keeps the gradient. */
function posterFrame(streamId: string): HTMLImageElement {
  const version = Math.floor(Date.now() / POSTER_REFRESH_MS);
  const img = h('img', {
    className: 'stream-poster',
    attrs: { src: `/api/streams/${encodeURIComponent(streamId)}/poster?v=${version}`, alt: '', loading: 'lazy', decoding: 'async' },
  });
  img.addEventListener('error', () => img.remove(), { once: true });
  return img;
}

/** A live or upcoming stream: one link to its page. */
export function streamCard(stream: StreamItem): HTMLLIElement {
  const isLive = stream.status === 'live';
  return h(
    'li',
    { className: 'stream-card feed-item', attrs: { 'data-type': 'stream', 'data-id': stream.id } },
    h(
      'a',
      { attrs: { href: `/live/${encodeURIComponent(stream.id)}` } },
      h(
        'div',
        { className: isLive ? 'stream-thumb' : 'stream-thumb is-upcoming', attrs: { 'aria-hidden': 'true' } },
        isLive ? posterFrame(stream.id) : null,
        isLive ? h('span', { className: 'badge badge-live' }, 'Live') : h('span', { className: 'badge badge-dark' }, 'Upcoming'),
        isLive ? h('span', { className: 'badge badge-dark' }, formatViewers(stream.viewerCount)) : null,
        h(
          'span',
          { className: 'thumb-host' },
          h('span', { className: 'avatar' }, (stream.kolName.trim()[0] ?? '·').toUpperCase()),
          stream.kolName,
        ),
      ),
      h(
        'div',
        { className: 'stream-card-body' },
        h('h2', {}, stream.title),
        h('p', { className: 'muted small' }, isLive ? `${stream.kolName} is live now` : `${stream.kolName} · ${startsAt(stream)}`),
        reasonLine(stream.reason, isPersonal(stream.reason)),
      ),
    ),
  );
}

/** A product with its price and a Buy button that opens the checkout. */
export function productCard(product: ProductItem, onBuy: (product: ProductItem) => void, isAboveFold = false): HTMLLIElement {
  const buy = h('button', { className: 'button button-live', attrs: { type: 'button', 'aria-label': `Buy ${product.title}` } }, 'Buy');
  buy.addEventListener('click', () => onBuy(product));
  const image = product.imageUrl
    ? h('img', {
        // The first screen's pictures load at once (they are what Largest Contentful Paint waits for); the rest lazily.
        attrs: {
          src: product.imageUrl,
          alt: '',
          loading: isAboveFold ? 'eager' : 'lazy',
          ...(isAboveFold ? { fetchpriority: 'high' } : {}),
        },
      })
    : h('span', { className: 'product-thumb-placeholder' }, (product.title.trim()[0] ?? '·').toUpperCase());
  return h(
    'li',
    { className: 'product-item feed-item', attrs: { 'data-type': 'product', 'data-id': product.id } },
    h('div', { className: 'product-thumb', attrs: { 'aria-hidden': 'true' } }, image),
    h(
      'div',
      { className: 'stream-card-body' },
      h('h2', {}, product.title),
      h('div', { className: 'product-buy-row' }, h('p', { className: 'price' }, formatMoney(product.priceCents, product.currency)), buy),
      reasonLine(product.reason, isPersonal(product.reason)),
    ),
  );
}

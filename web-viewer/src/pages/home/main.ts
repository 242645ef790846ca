import { api, type StreamSummary } from '../../lib/api.ts';
import { byId, h, show } from '../../lib/dom.ts';
import { formatLiveFor, formatViewers } from '../../lib/format.ts';

const REFRESH_MS = 15_000;
const list = byId('stream-list', HTMLUListElement);
const empty = byId('empty-state');
const errorBox = byId('home-error');

function streamCard(stream: StreamSummary): HTMLLIElement {
  return h(
    'li',
    { className: 'stream-card' },
    h(
      'a',
      { attrs: { href: `/live/${encodeURIComponent(stream.id)}` } },
      h(
        'div',
        { className: 'stream-thumb', attrs: { 'aria-hidden': 'true' } },
        h('span', { className: 'badge badge-live' }, 'Live'),
        h('span', { className: 'badge badge-dark' }, formatViewers(stream.viewerCount)),
      ),
      h(
        'div',
        { className: 'stream-card-body' },
        h('h2', {}, stream.title),
        h('p', { className: 'muted small' }, formatLiveFor(stream.startedAt)),
      ),
    ),
  );
}

async function refresh(): Promise<void> {
  try {
    const { items } = await api<{ items: StreamSummary[] }>('GET', '/api/streams?status=live');
    list.replaceChildren(...items.map(streamCard));
    show(empty, items.length === 0);
    show(errorBox, false);
  } catch {
    errorBox.textContent = 'Could not load the live streams. Retrying…';
    show(errorBox, true);
  } finally {
    list.setAttribute('aria-busy', 'false');
  }
}

await refresh();
setInterval(() => void refresh(), REFRESH_MS);

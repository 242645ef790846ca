import '../../styles/studio-live.css';
import type { ShowSummary } from '../../../../server/src/domains/streams/views.ts';
import { api } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';

export type { ShowSummary };

/** GET /api/streams/:id/summary (the stream's KOL). */
export function loadShowSummary(streamId: string, token: string): Promise<ShowSummary> {
  return api<ShowSummary>('GET', `/api/streams/${encodeURIComponent(streamId)}/summary`, { token });
}

/** "¥1,234.00", or one total per currency ("¥300.00 + $12.00"); "–" before the first sale. */
export function formatGmv(gmv: ShowSummary['gmv']): string {
  return gmv.length === 0 ? '–' : gmv.map((g) => formatMoney(g.totalCents, g.currency)).join(' + ');
}

/** The four figures of a show, as a definition list (ids `summary-<figure>` for the tests). */
export function summaryFigures(summary: ShowSummary): HTMLDListElement {
  const figure = (id: string, label: string, value: string) =>
    h('div', {}, h('dt', {}, label), h('dd', { attrs: { id: `summary-${id}` } }, value));
  return h(
    'dl',
    { className: 'stats summary-figures' },
    figure('peak', 'Peak viewers', String(summary.peakViewers)),
    figure('likes', 'Likes', String(summary.likes)),
    figure('orders', 'Orders', String(summary.orders)),
    figure('gmv', 'Sales (GMV)', formatGmv(summary.gmv)),
  );
}

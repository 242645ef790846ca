import { h, show } from '../../lib/dom.ts';
import { getTopFans } from '../../lib/showcase-api.ts';

const REFRESH_EVERY_MS = 30_000;

/** The KOL's top fans by engagement points, refreshed every 30 s. */
export class TopFans {
  readonly root = h('section', { className: 'card studio-fans', attrs: { id: 'top-fans', 'aria-labelledby': 'top-fans-title' } });
  readonly #list = h('ol', { className: 'fans-list', attrs: { id: 'top-fans-list' } });
  readonly #empty = h('p', { className: 'muted small' }, 'No fans yet: viewers who join your fan group show up here.');
  readonly #kolId: string;

  constructor(options: { kolId: string }) {
    this.#kolId = options.kolId;
    this.root.append(
      h('header', { className: 'panel-header' }, h('h2', { attrs: { id: 'top-fans-title' } }, 'Top fans')),
      this.#list,
      this.#empty,
    );
    show(this.#empty, false);
    void this.refresh();
    setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
  }

  async refresh(): Promise<void> {
    try {
      const fans = await getTopFans(this.#kolId, 5);
      show(this.#empty, fans.length === 0);
      this.#list.replaceChildren(
        ...fans.map((fan, index) =>
          h(
            'li',
            { className: 'fan-row' },
            h('span', { className: 'fan-rank' }, String(index + 1)),
            h('span', { className: 'fan-name' }, fan.displayName),
            h('span', { className: 'level-badge' }, `Lv ${fan.level}`),
            h('span', { className: 'fan-points small muted' }, `${fan.points.toLocaleString()} pts`),
          ),
        ),
      );
    } catch {
      // The list keeps its last figures; the next refresh tries again.
    }
  }
}

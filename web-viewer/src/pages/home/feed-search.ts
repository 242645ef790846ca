import { h } from '../../lib/dom.ts';
import { getFeedCategories } from '../../lib/social-api.ts';

const TYPING_PAUSE_MS = 300;

/** The home page's search box and category chips; tells the page when what to show has changed. */
export class FeedSearchBar {
  readonly #input: HTMLInputElement;
  readonly #categories: HTMLElement;
  readonly #onChange: () => void;
  #category: string | undefined;
  #typing: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: { form: HTMLFormElement; input: HTMLInputElement; categories: HTMLElement; onChange: () => void }) {
    this.#input = deps.input;
    this.#categories = deps.categories;
    this.#onChange = deps.onChange;
    deps.form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(this.#typing);
      this.#onChange();
    });
    this.#input.addEventListener('input', () => {
      clearTimeout(this.#typing);
      this.#typing = setTimeout(this.#onChange, TYPING_PAUSE_MS);
    });
    this.#categories.addEventListener('click', (event) => {
      const chip = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-category]') : null;
      if (!chip) return;
      const picked = chip.dataset.category || undefined;
      this.#category = picked === this.#category ? undefined : picked;
      this.#renderPressed();
      this.#onChange();
    });
  }

  /** What the feed request should carry. */
  get value(): { q?: string; category?: string } {
    const q = this.#input.value.trim();
    return { ...(q ? { q } : {}), ...(this.#category ? { category: this.#category } : {}) };
  }

  get isActive(): boolean {
    return Boolean(this.#input.value.trim() || this.#category);
  }

  /** Fills the category chips from the products on offer. */
  async loadCategories(): Promise<void> {
    const categories = await getFeedCategories()
      .then((answer) => answer.items)
      .catch(() => []);
    this.#categories.replaceChildren(
      h('legend', { className: 'visually-hidden' }, 'Category'),
      ...categories.map((category) =>
        h('button', { className: 'chip', attrs: { type: 'button', 'data-category': category, 'aria-pressed': 'false' } }, category),
      ),
    );
    // Kept in the layout even when empty (its height is reserved), so nothing below moves when the chips arrive.
    this.#categories.setAttribute('aria-hidden', String(categories.length === 0));
  }

  #renderPressed(): void {
    for (const chip of this.#categories.querySelectorAll<HTMLButtonElement>('button[data-category]')) {
      chip.setAttribute('aria-pressed', String(chip.dataset.category === this.#category));
    }
  }
}

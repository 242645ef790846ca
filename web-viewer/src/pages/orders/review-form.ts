import { h, show } from '../../lib/dom.ts';

const RATING_WORDS = ['', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent'];
const MAX_TEXT = 2000;

export interface ReviewInput {
  rating: number;
  text: string;
}

/**
 * A review of one order: 1 to 5 stars (radio buttons, so the keyboard and screen readers work)
 * and a text. `onSubmit` answers a problem to show, or undefined when the review was saved.
 * The form is made once per order, so what the buyer typed survives the card re-rendering.
 */
export class ReviewForm {
  readonly element: HTMLFormElement;
  readonly #stars: HTMLInputElement[];
  readonly #ratingWord = h('span', { className: 'star-word muted small', attrs: { 'aria-hidden': 'true' } });
  readonly #text = h('textarea', {
    attrs: { name: 'text', rows: '3', maxlength: String(MAX_TEXT), placeholder: 'How is it? Fit, quality, what surprised you…' },
  });
  readonly #submit = h('button', { className: 'button review-submit', attrs: { type: 'submit' } }, 'Post review');
  readonly #cancel = h('button', { className: 'button button-outline review-cancel', attrs: { type: 'button' } }, 'Cancel');
  readonly #error = h('p', { className: 'form-error review-error', attrs: { role: 'alert' } });
  readonly #onSubmit: (review: ReviewInput) => Promise<string | undefined>;

  constructor(deps: {
    orderId: string;
    productTitle: string;
    onSubmit: (review: ReviewInput) => Promise<string | undefined>;
    onCancel: () => void;
  }) {
    this.#onSubmit = deps.onSubmit;
    this.#stars = [1, 2, 3, 4, 5].map((value) =>
      h('input', { className: 'visually-hidden', attrs: { type: 'radio', name: `rating-${deps.orderId}`, value: String(value) } }),
    );
    const picker = h(
      'fieldset',
      { className: 'star-picker' },
      h('legend', {}, 'Your rating'),
      ...this.#stars.map((input, index) =>
        h(
          'label',
          { className: 'star' },
          input,
          h('span', { attrs: { 'aria-hidden': 'true' } }, '★'),
          h('span', { className: 'visually-hidden' }, `${index + 1} of 5 stars, ${RATING_WORDS[index + 1]}`),
        ),
      ),
      this.#ratingWord,
    );
    this.element = h(
      'form',
      { className: 'review-form', attrs: { novalidate: '', 'aria-label': `Review ${deps.productTitle}` } },
      h('p', { className: 'review-form-title' }, 'How was ', h('strong', {}, deps.productTitle), '?'),
      picker,
      h('label', { className: 'field' }, h('span', {}, 'Your review'), this.#text),
      this.#error,
      h('div', { className: 'form-actions' }, this.#submit, this.#cancel),
    );
    show(this.#error, false);
    picker.addEventListener('change', () => this.#renderStars());
    this.#text.addEventListener('input', () => {
      if (!this.#text.hasAttribute('aria-invalid') || !this.#text.value.trim()) return;
      this.#text.removeAttribute('aria-invalid');
      this.#fail(undefined);
    });
    this.#cancel.addEventListener('click', () => deps.onCancel());
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#send();
    });
  }

  /** Puts the focus on the first star, for a form just opened. */
  focus(): void {
    this.#stars[0]?.focus();
  }

  #rating(): number {
    return Number(this.#stars.find((input) => input.checked)?.value ?? 0);
  }

  #renderStars(): void {
    const rating = this.#rating();
    for (const [index, input] of this.#stars.entries()) input.parentElement?.classList.toggle('is-on', index < rating);
    this.#ratingWord.textContent = RATING_WORDS[rating] ?? '';
    if (rating > 0) this.#fail(undefined);
  }

  async #send(): Promise<void> {
    const rating = this.#rating();
    const text = this.#text.value.trim();
    if (rating === 0) {
      this.#fail('Pick a rating from 1 to 5 stars.');
      this.#stars[0]?.focus();
      return;
    }
    if (!text) {
      this.#text.setAttribute('aria-invalid', 'true');
      this.#fail('Write a few words: what others should know about it.');
      this.#text.focus();
      return;
    }
    this.#fail(undefined);
    this.#submit.disabled = true;
    this.#cancel.disabled = true;
    this.#submit.textContent = 'Posting…';
    const problem = await this.#onSubmit({ rating, text });
    this.#submit.disabled = false;
    this.#cancel.disabled = false;
    this.#submit.textContent = 'Post review';
    this.#fail(problem);
  }

  #fail(message: string | undefined): void {
    this.#error.textContent = message ?? '';
    show(this.#error, Boolean(message));
  }
}

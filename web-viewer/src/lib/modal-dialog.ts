import { h } from './dom.ts';

/** What a dialog says first: its title and a sentence on what happens. */
export interface ModalIntro {
  title: string;
  text: string;
  /** The × to show, for a dialog that keeps a hold of it; a new one by default. */
  closeButton?: HTMLButtonElement;
}

/**
 * A small modal `<dialog>` in the shared style (styles/dialog.css): closes on its × button, a click
 * on the backdrop or Escape, except while `busy` (a call is on its way). `onClose` hears every close.
 */
export class ModalDialog {
  readonly element: HTMLDialogElement;
  readonly #titleId: string;
  #isBusy = false;

  /** `labelledBy` is the id of the title that the show…() methods render. */
  constructor(options: { id: string; className: string; labelledBy: string; onClose?: () => void }) {
    this.#titleId = options.labelledBy;
    this.element = h('dialog', {
      className: `modal-dialog ${options.className}`,
      attrs: { id: options.id, 'aria-labelledby': options.labelledBy },
    });
    this.element.addEventListener('click', (event) => {
      // A click on the backdrop lands on the dialog element itself.
      if (event.target === this.element && !this.#isBusy) this.element.close();
    });
    this.element.addEventListener('cancel', (event) => {
      if (this.#isBusy) event.preventDefault();
    });
    this.element.addEventListener('close', () => options.onClose?.());
    document.body.append(this.element);
  }

  get isOpen(): boolean {
    return this.element.open;
  }

  /** While busy, the dialog stays open whatever the user clicks. */
  set busy(isBusy: boolean) {
    this.#isBusy = isBusy;
  }

  /** Shows `content` (replacing what was shown), opening the dialog if it is closed. */
  show(content: HTMLElement): void {
    this.element.replaceChildren(content);
    if (!this.element.open) this.element.showModal();
  }

  /** Shows a form in the shared layout: ×, title, intro sentence, then `children` (fields, error line, actions). */
  showForm(intro: ModalIntro, ...children: (Node | null)[]): HTMLFormElement {
    const form = h('form', { className: 'modal-form', attrs: { novalidate: '' } }, ...this.#intro(intro), ...children);
    this.show(form);
    return form;
  }

  /** The same layout for a question answered by buttons alone, without a form. */
  showQuestion(intro: ModalIntro, ...children: Node[]): void {
    this.show(h('div', { className: 'modal-form' }, ...this.#intro(intro), ...children));
  }

  /** Shows the ✓ panel that follows a success (`id` names it), with a Close button that takes the focus. */
  showDone(done: { id: string; title: string; text: string | (string | Node)[] }): void {
    const close = h('button', { className: 'button', attrs: { type: 'button' } }, 'Close');
    close.addEventListener('click', () => this.close());
    this.show(
      h(
        'div',
        { className: 'modal-done', attrs: { role: 'status', id: done.id } },
        this.closeButton(),
        h('span', { className: 'modal-done-mark', attrs: { 'aria-hidden': 'true' } }, '✓'),
        this.#title(done.title),
        h('p', { className: 'muted small' }, ...(typeof done.text === 'string' ? [done.text] : done.text)),
        h('div', { className: 'form-actions modal-actions' }, close),
      ),
    );
    close.focus();
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  /** The × in the corner. */
  closeButton(): HTMLButtonElement {
    const close = h('button', { className: 'icon-button modal-close', attrs: { type: 'button', 'aria-label': 'Close' } }, '×');
    close.addEventListener('click', () => {
      if (!this.#isBusy) this.close();
    });
    return close;
  }

  #intro(intro: ModalIntro): HTMLElement[] {
    return [intro.closeButton ?? this.closeButton(), this.#title(intro.title), h('p', { className: 'muted small' }, intro.text)];
  }

  #title(text: string): HTMLHeadingElement {
    return h('h2', { className: 'modal-title', attrs: { id: this.#titleId } }, text);
  }
}

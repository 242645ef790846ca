import { h } from './dom.ts';

/**
 * A small modal `<dialog>` in the shared style (styles/dialog.css): closes on its × button, a click
 * on the backdrop or Escape, except while `busy` (a call is on its way). `onClose` hears every close.
 */
export class ModalDialog {
  readonly element: HTMLDialogElement;
  #isBusy = false;

  constructor(options: { id: string; className: string; labelledBy: string; onClose?: () => void }) {
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
}

import { h, show } from './dom.ts';

/** The line under a form that says what went wrong (`role="alert"`); hidden while there is nothing to say. */
export class FormError {
  readonly element: HTMLParagraphElement;

  constructor(id: string) {
    this.element = h('p', { className: 'form-error', attrs: { role: 'alert', id } });
    this.clear();
  }

  show(message: string): void {
    this.element.textContent = message;
    show(this.element, true);
  }

  /** Shows `message` about one field: marks the field aria-invalid and moves the focus to it. */
  showFor(field: HTMLElement, message: string): void {
    field.setAttribute('aria-invalid', 'true');
    this.show(message);
    field.focus();
  }

  clear(): void {
    show(this.element, false);
  }
}

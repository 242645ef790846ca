import { ApiError } from './api.ts';
import { h, show } from './dom.ts';
import { createReport, DETAILS_MAX, REPORT_REASONS, type ReportReason, type ReportTargetType } from './moderation-api.ts';
import type { Session } from './session.ts';

/** What is being reported, and its owner's id, so the owner is not offered to report it. */
export interface ReportTarget {
  targetType: ReportTargetType;
  targetId: string;
  ownerId: string | null;
}

const NOUN: Record<ReportTargetType, string> = { product: 'product', stream: 'live show', merchant: 'shop', comment: 'comment' };
/** Who is not told who reported it. */
const OWNER: Record<ReportTargetType, string> = { product: 'merchant', stream: 'host', merchant: 'merchant', comment: 'author' };
/** What the team does when it breaks the rules. */
const ACTION: Record<ReportTargetType, string> = {
  product: 'we take it down',
  stream: 'we end it',
  merchant: 'we suspend it',
  comment: 'we remove it',
};
const FLAG_ICON = 'M5 21V4m0 0h11l-2 4 2 4H5';

function flagIcon(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', FLAG_ICON);
  svg.append(path);
  return svg;
}

/** A refusal in the reporter's words. */
function problemText(error: unknown, noun: string): string {
  if (!(error instanceof ApiError)) return 'Could not reach the server; check your connection and try again.';
  switch (error.code) {
    case 'CANNOT_REPORT_OWN':
      return `This ${noun} is yours: you cannot report it.`;
    case 'NOT_FOUND':
      return `This ${noun} no longer exists.`;
    case 'RATE_LIMITED':
      return 'You have sent many reports in the last hour; try again later.';
    case 'UNAUTHENTICATED':
      return 'Your session ended; sign in again to report.';
    case 'VALIDATION_FAILED':
      return `Choose a reason, and keep the details under ${DETAILS_MAX} characters.`;
    default:
      return error.message;
  }
}

/**
 * The "Report" entry for signed-in viewers and its small dialog: a reason, optional details, then
 * "Thanks, our team will review it" (or "You already reported this" when their report is still open).
 */
export class ReportDialog {
  readonly button = h('button', { className: 'link-button report-button', attrs: { type: 'button', id: 'report-button' } });
  readonly #dialog = h('dialog', {
    className: 'modal-dialog report-dialog',
    attrs: { id: 'report-dialog', 'aria-labelledby': 'report-title' },
  });
  readonly #target: () => ReportTarget | undefined;
  readonly #session: () => Session | undefined;

  constructor(deps: { target: () => ReportTarget | undefined; session: () => Session | undefined }) {
    this.#target = deps.target;
    this.#session = deps.session;
    this.button.append(flagIcon(), 'Report');
    this.button.addEventListener('click', () => this.open());
    this.#dialog.addEventListener('click', (event) => {
      // A click on the backdrop lands on the dialog element itself.
      if (event.target === this.#dialog) this.#dialog.close();
    });
    document.body.append(this.#dialog);
    this.renderSession();
  }

  /** Shown to signed-in viewers other than the owner; after a sign-out, an open dialog closes. */
  renderSession(): void {
    const session = this.#session();
    const target = this.#target();
    const isOwn = Boolean(session && target?.ownerId && target.ownerId === session.user.id);
    show(this.button, Boolean(session && target) && !isOwn);
    if (!session && this.#dialog.open) this.#dialog.close();
  }

  /** Opens the dialog for the page's own target, or for `target` (a chat comment …). */
  open(target: ReportTarget | undefined = this.#target()): void {
    if (!target) return;
    const noun = NOUN[target.targetType];
    const reason = h(
      'select',
      { attrs: { name: 'reason', id: 'report-reason', required: '' } },
      h('option', { attrs: { value: '', disabled: '', selected: '' } }, 'Choose a reason'),
      ...REPORT_REASONS.map((r) => h('option', { attrs: { value: r.value } }, r.label)),
    );
    const details = h('textarea', {
      attrs: {
        name: 'details',
        id: 'report-details',
        rows: '3',
        maxlength: String(DETAILS_MAX),
        placeholder: 'What did you see? (optional)',
      },
    });
    const count = h('span', { className: 'muted small field-count', attrs: { 'aria-live': 'polite' } }, `0 / ${DETAILS_MAX}`);
    details.addEventListener('input', () => {
      count.textContent = `${details.value.length} / ${DETAILS_MAX}`;
    });
    const error = h('p', { className: 'form-error', attrs: { role: 'alert', id: 'report-error' } });
    show(error, false);
    const submit = h('button', { className: 'button', attrs: { type: 'submit', id: 'report-submit' } }, 'Send report');
    const cancel = h('button', { className: 'button button-outline', attrs: { type: 'button' } }, 'Cancel');
    cancel.addEventListener('click', () => this.#dialog.close());
    const form = h(
      'form',
      { className: 'modal-form', attrs: { novalidate: '' } },
      this.#closeButton(),
      h('h2', { className: 'modal-title', attrs: { id: 'report-title' } }, `Report this ${noun}`),
      h('p', { className: 'muted small' }, `Our team reviews every report. The ${OWNER[target.targetType]} is not told who sent it.`),
      h('label', { className: 'field' }, h('span', {}, 'What is wrong?'), reason),
      h('label', { className: 'field' }, h('span', { className: 'field-label-row' }, h('span', {}, 'Details'), count), details),
      error,
      h('div', { className: 'form-actions modal-actions' }, cancel, submit),
    );
    reason.addEventListener('change', () => reason.removeAttribute('aria-invalid'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const session = this.#session();
      if (!session) return;
      if (!reason.value) {
        reason.setAttribute('aria-invalid', 'true');
        error.textContent = 'Choose what is wrong, so the report reaches the right people.';
        show(error, true);
        reason.focus();
        return;
      }
      submit.disabled = true;
      cancel.disabled = true;
      submit.textContent = 'Sending…';
      show(error, false);
      const text = details.value.trim();
      createReport(session.token, {
        targetType: target.targetType,
        targetId: target.targetId,
        reason: reason.value as ReportReason,
        ...(text ? { details: text } : {}),
      }).then(
        ({ isNew }) => this.#showDone(isNew, target.targetType),
        (failure: unknown) => {
          submit.disabled = false;
          cancel.disabled = false;
          submit.textContent = 'Send report';
          error.textContent = problemText(failure, noun);
          show(error, true);
        },
      );
    });
    this.#dialog.replaceChildren(form);
    if (!this.#dialog.open) this.#dialog.showModal();
    reason.focus();
  }

  #showDone(isNew: boolean, targetType: ReportTargetType): void {
    const noun = NOUN[targetType];
    const close = h('button', { className: 'button', attrs: { type: 'button' } }, 'Close');
    close.addEventListener('click', () => this.#dialog.close());
    this.#dialog.replaceChildren(
      h(
        'div',
        { className: 'modal-done', attrs: { role: 'status', id: 'report-done' } },
        this.#closeButton(),
        h('span', { className: 'modal-done-mark', attrs: { 'aria-hidden': 'true' } }, '✓'),
        h(
          'h2',
          { className: 'modal-title', attrs: { id: 'report-title' } },
          isNew ? 'Thanks, our team will review it' : 'You already reported this',
        ),
        h(
          'p',
          { className: 'muted small' },
          isNew
            ? `We look at reports within a day. If this ${noun} breaks our rules, ${ACTION[targetType]}.`
            : `Your earlier report on this ${noun} is still open; our team will get to it.`,
        ),
        h('div', { className: 'form-actions modal-actions' }, close),
      ),
    );
    close.focus();
  }

  #closeButton(): HTMLButtonElement {
    const close = h('button', { className: 'icon-button modal-close', attrs: { type: 'button', 'aria-label': 'Close' } }, '×');
    close.addEventListener('click', () => this.#dialog.close());
    return close;
  }
}

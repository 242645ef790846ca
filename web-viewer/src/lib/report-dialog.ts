import { ApiError } from './api.ts';
import { CountedTextarea } from './counted-textarea.ts';
import { DialogActions } from './dialog-actions.ts';
import { h, show } from './dom.ts';
import { FormError } from './form-error.ts';
import { ModalDialog } from './modal-dialog.ts';
import { createReport, DETAILS_MAX, REPORT_REASONS, type ReportReason, type ReportTargetType } from './moderation-api.ts';
import { SelectField } from './select-field.ts';
import type { Session } from './session.ts';

/** What is being reported, and its owner's id, so the owner is not offered to report it. */
export interface ReportTarget {
  targetType: ReportTargetType;
  targetId: string;
  ownerId: string | null;
}

const NOUN: Record<ReportTargetType, string> = {
  product: 'product',
  stream: 'live show',
  merchant: 'shop',
  comment: 'comment',
  review: 'review',
};
/** Who is not told who reported it. */
const OWNER: Record<ReportTargetType, string> = {
  product: 'merchant',
  stream: 'host',
  merchant: 'merchant',
  comment: 'author',
  review: 'author',
};
/** What the team does when it breaks the rules. */
const ACTION: Record<ReportTargetType, string> = {
  product: 'we take it down',
  stream: 'we end it',
  merchant: 'we suspend it',
  comment: 'we remove it',
  review: 'we remove it',
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
  readonly #modal = new ModalDialog({ id: 'report-dialog', className: 'report-dialog', labelledBy: 'report-title' });
  readonly #target: () => ReportTarget | undefined;
  readonly #session: () => Session | undefined;

  constructor(deps: { target: () => ReportTarget | undefined; session: () => Session | undefined }) {
    this.#target = deps.target;
    this.#session = deps.session;
    this.button.append(flagIcon(), 'Report');
    this.button.addEventListener('click', () => this.open());
    this.renderSession();
  }

  /** Shown to signed-in viewers other than the owner; after a sign-out, an open dialog closes. */
  renderSession(): void {
    const session = this.#session();
    const target = this.#target();
    const isOwn = Boolean(session && target?.ownerId && target.ownerId === session.user.id);
    show(this.button, Boolean(session && target) && !isOwn);
    if (!session) this.#modal.close();
  }

  /** Opens the dialog for the page's own target, or for `target` (a chat comment …). */
  open(target: ReportTarget | undefined = this.#target()): void {
    if (!target) return;
    const noun = NOUN[target.targetType];
    const reason = new SelectField({
      id: 'report-reason',
      name: 'reason',
      label: 'What is wrong?',
      prompt: 'Choose a reason',
      options: REPORT_REASONS,
    });
    const details = new CountedTextarea({
      id: 'report-details',
      name: 'details',
      label: 'Details',
      rows: 3,
      maxLength: DETAILS_MAX,
      placeholder: 'What did you see? (optional)',
      announcesCount: true,
    });
    const error = new FormError('report-error');
    const actions = new DialogActions({
      confirmId: 'report-submit',
      confirmLabel: 'Send report',
      busyLabel: 'Sending…',
      onCancel: () => this.#modal.close(),
    });
    const form = this.#modal.showForm(
      {
        title: `Report this ${noun}`,
        text: `Our team reviews every report. The ${OWNER[target.targetType]} is not told who sent it.`,
      },
      reason.element,
      details.element,
      error.element,
      actions.element,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const session = this.#session();
      if (!session) return;
      if (!reason.select.value) {
        error.showFor(reason.select, 'Choose what is wrong, so the report reaches the right people.');
        return;
      }
      // Only the buttons are busy, not the dialog: the viewer may close it while the report is on its way (see #showDone).
      actions.busy = true;
      error.clear();
      const text = details.textarea.value.trim();
      createReport(session.token, {
        targetType: target.targetType,
        targetId: target.targetId,
        reason: reason.select.value as ReportReason,
        ...(text ? { details: text } : {}),
      }).then(
        ({ isNew }) => this.#showDone(isNew, target.targetType),
        (failure: unknown) => {
          actions.busy = false;
          error.show(problemText(failure, noun));
        },
      );
    });
    reason.select.focus();
  }

  #showDone(isNew: boolean, targetType: ReportTargetType): void {
    // Closed while the report was on its way: the viewer has moved on, so it stays closed.
    if (!this.#modal.isOpen) return;
    const noun = NOUN[targetType];
    this.#modal.showDone({
      id: 'report-done',
      title: isNew ? 'Thanks, our team will review it' : 'You already reported this',
      text: isNew
        ? `We look at reports within a day. If this ${noun} breaks our rules, ${ACTION[targetType]}.`
        : `Your earlier report on this ${noun} is still open; our team will get to it.`,
    });
  }
}

import {
  banFromChat,
  type ChatBan,
  dismissReports,
  endLiveStream,
  liftChatBan,
  type MerchantAccount,
  reinstateMerchant,
  removeComment,
  removeReview,
  restoreProduct,
  suspendMerchant,
  takeDownProduct,
} from '../../lib/admin-api.ts';
import type { ReportTargetType } from '../../lib/moderation-api.ts';
import { problemText } from './problem-text.ts';
import type { ReasonDialog } from './reason-dialog.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How long a chat restriction lasts; `until-lifted` sends no `days`. */
const CHAT_BAN_LENGTHS = [
  { value: '1', label: '1 day' },
  { value: '3', label: '3 days' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'until-lifted', label: 'Until an admin lifts it' },
] as const;

/**
 * The admin's actions, each confirmed in the reason dialog with what it will change. A refusal shows
 * in the dialog, which stays open; each resolves once the server did it (true, or the new account),
 * or false / undefined when the admin backed out.
 */
export class AdminActions {
  readonly #dialog: ReasonDialog;
  readonly #token: () => string;

  constructor(deps: { dialog: ReasonDialog; token: () => string }) {
    this.#dialog = deps.dialog;
    this.#token = deps.token;
  }

  takeDown(product: { id: string; title: string }): Promise<boolean> {
    return this.#dialog.ask({
      title: `Take down “${product.title}”?`,
      text:
        'It disappears from the shop and from every live showcase, and flash sales on it are cancelled with their stock returned. ' +
        'The merchant is notified with your reason.',
      reason: 'required',
      reasonLabel: 'Reason (the merchant reads it)',
      placeholder: 'e.g. Listed as genuine leather; buyers report it is synthetic.',
      confirmLabel: 'Take down',
      busyLabel: 'Taking down…',
      isDanger: true,
      run: async (reason) => {
        await takeDownProduct(this.#token(), product.id, reason);
      },
      problem: problemText,
    });
  }

  restore(product: { id: string; title: string }): Promise<boolean> {
    return this.#dialog.ask({
      title: `Restore “${product.title}”?`,
      text: 'The product is listed and on sale again, and the merchant is notified. Flash sales the take-down cancelled stay cancelled.',
      reason: 'none',
      confirmLabel: 'Restore product',
      busyLabel: 'Restoring…',
      run: async () => {
        await restoreProduct(this.#token(), product.id);
      },
      problem: problemText,
    });
  }

  /** Suspends the merchant: their account as the server now has it, or undefined when the admin backed out. */
  async suspend(merchant: { id: string; name: string }): Promise<MerchantAccount | undefined> {
    let account: MerchantAccount | undefined;
    const isDone = await this.#dialog.ask({
      title: `Suspend ${merchant.name}?`,
      text:
        'Their listed products are hidden and off sale, showcases and flash sales on them end, they cannot create or edit products, ' +
        'and their payouts are held. Orders already paid still ship and refund as usual. They are notified with your reason.',
      reason: 'required',
      reasonLabel: 'Reason (the merchant reads it)',
      placeholder: 'e.g. Repeated counterfeit listings.',
      confirmLabel: 'Suspend merchant',
      busyLabel: 'Suspending…',
      isDanger: true,
      run: async (reason) => {
        account = await suspendMerchant(this.#token(), merchant.id, reason);
      },
      problem: problemText,
    });
    return isDone ? account : undefined;
  }

  /** Lifts the suspension: the account as it is now, or undefined when the admin backed out. */
  async reinstate(merchant: { id: string; name: string }): Promise<MerchantAccount | undefined> {
    let account: MerchantAccount | undefined;
    const isDone = await this.#dialog.ask({
      title: `Reinstate ${merchant.name}?`,
      text:
        'Products hidden by the suspension are listed again (taken-down ones stay down), they can sell again, and held payouts are released. ' +
        'They are notified.',
      reason: 'none',
      confirmLabel: 'Reinstate merchant',
      busyLabel: 'Reinstating…',
      run: async () => {
        account = await reinstateMerchant(this.#token(), merchant.id);
      },
      problem: problemText,
    });
    return isDone ? account : undefined;
  }

  endStream(stream: { id: string; title: string }): Promise<boolean> {
    return this.#dialog.ask({
      title: `End the live show “${stream.title}”?`,
      text:
        'The show stops for everyone now, as if the host had ended it: viewers see that Streamcart ended it, and it cannot go live again. ' +
        'The host is notified with your reason.',
      reason: 'required',
      reasonLabel: 'Reason (the host reads it)',
      placeholder: 'e.g. Selling counterfeit goods live after a warning.',
      confirmLabel: 'End live show',
      busyLabel: 'Ending…',
      isDanger: true,
      run: async (reason) => {
        await endLiveStream(this.#token(), stream.id, reason);
      },
      problem: problemText,
    });
  }

  removeComment(comment: { id: string; title: string }): Promise<boolean> {
    return this.#dialog.ask({
      title: `Remove the comment “${comment.title}”?`,
      text: 'It disappears from the chat for everyone watching, as when the host deletes it. Its open reports are closed as actioned.',
      reason: 'required',
      reasonLabel: 'Reason (for the log)',
      placeholder: 'e.g. Insults another viewer.',
      confirmLabel: 'Remove comment',
      busyLabel: 'Removing…',
      isDanger: true,
      run: async (reason) => {
        await removeComment(this.#token(), comment.id, reason);
      },
      problem: problemText,
    });
  }

  removeReview(review: { id: string; title: string }): Promise<boolean> {
    return this.#dialog.ask({
      title: `Remove the review “${review.title}”?`,
      text:
        "It disappears from the product's page and no longer counts in its rating. Its open reports are closed as actioned, " +
        'and its author is notified with your reason.',
      reason: 'required',
      reasonLabel: 'Reason (the author reads it)',
      placeholder: 'e.g. Shares a staff member’s phone number.',
      confirmLabel: 'Remove review',
      busyLabel: 'Removing…',
      isDanger: true,
      run: async (reason) => {
        await removeReview(this.#token(), review.id, reason);
      },
      problem: problemText,
    });
  }

  /** Restricts the user from chat: the ban as the server has it, or undefined when the admin backed out. */
  async restrictFromChat(user: { id: string; name: string }): Promise<ChatBan | undefined> {
    let ban: ChatBan | undefined;
    const isDone = await this.#dialog.ask({
      title: `Restrict ${user.name} from chat?`,
      text:
        'They can still watch and shop, but cannot comment in any live show until the restriction ends. ' +
        'Open reports on their comments are closed as actioned, and they are notified with your reason.',
      choice: { label: 'For how long', options: CHAT_BAN_LENGTHS, initial: '7' },
      reason: 'required',
      reasonLabel: 'Reason (they read it)',
      placeholder: 'e.g. Repeated insults in chat.',
      confirmLabel: 'Restrict from chat',
      busyLabel: 'Restricting…',
      isDanger: true,
      run: async (reason, length) => {
        const days = Number(length);
        ban = await banFromChat(this.#token(), user.id, { reason, ...(Number.isInteger(days) ? { days } : {}) });
      },
      problem: problemText,
    });
    return isDone ? ban : undefined;
  }

  liftChatBan(user: { id: string; name: string }): Promise<boolean> {
    return this.#dialog.ask({
      title: `Let ${user.name} chat again?`,
      text: 'The restriction ends now, in every live show, and they are notified.',
      reason: 'none',
      confirmLabel: 'Lift restriction',
      busyLabel: 'Lifting…',
      run: async () => {
        await liftChatBan(this.#token(), user.id);
      },
      problem: problemText,
    });
  }

  dismiss(target: { targetType: ReportTargetType; targetId: string; title: string; reportCount: number }): Promise<boolean> {
    return this.#dialog.ask({
      title: `Dismiss the reports on “${target.title}”?`,
      text: `Nothing changes for what was reported; ${plural(target.reportCount, 'open report is', 'open reports are')} closed without action.`,
      reason: 'optional',
      reasonLabel: 'Note for the log',
      placeholder: 'e.g. Checked the listing: the photos match the product.',
      confirmLabel: 'Dismiss reports',
      busyLabel: 'Dismissing…',
      run: async (note) => {
        await dismissReports(this.#token(), { targetType: target.targetType, targetId: target.targetId }, note || undefined);
      },
      problem: problemText,
    });
  }
}

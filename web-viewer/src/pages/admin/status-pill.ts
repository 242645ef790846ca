import { h } from '../../lib/dom.ts';

const LABELS: Record<string, Record<string, string>> = {
  product: { active: 'Listed', archived: 'Archived', taken_down: 'Taken down', suspended: 'Hidden: shop suspended' },
  stream: { scheduled: 'Scheduled', live: 'Live', ended: 'Ended' },
  merchant: { active: 'Active', suspended: 'Suspended' },
  comment: { visible: 'Visible', removed: 'Removed' },
  review: { visible: 'Visible', removed: 'Removed' },
};

/** The target's own status as a pill (a product taken down, a merchant suspended …). */
export function statusPill(targetType: string, status: string): HTMLSpanElement {
  const label = LABELS[targetType]?.[status] ?? status.replaceAll('_', ' ');
  return h('span', { className: `status target-status target-status-${status}`, attrs: { 'data-target-status': status } }, label);
}

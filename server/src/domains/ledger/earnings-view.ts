/** What GET /api/me/earnings answers; the pages import this type too. */
export interface Earnings {
  pendingCents: number;
  settledCents: number;
  entries: { orderId: string; kind: string; amountCents: number; status: string; at: string }[];
}

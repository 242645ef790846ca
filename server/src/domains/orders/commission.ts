/** An order naming a stream: who placed it, what it holds, and whether it comes from a sale shown in that stream. */
export interface CommissionQuery {
  streamId: string;
  buyerId: string;
  productIds: readonly string[];
  /** The order comes from a flash sale or group offer the stream's KOL agreed to show in this stream. */
  saleShownInStream: boolean;
  at: Date;
}

/** Who earns KOL commission on the order, and on which products; `streamFound` false for an unknown stream. */
export interface CommissionDecision {
  streamFound: boolean;
  kolId: string | null;
  productIds: ReadonlySet<string>;
}

/** The question orders ask the streams domain when an order names a stream (decided once, at placement). */
export interface CommissionEligibility {
  commissionFor(query: CommissionQuery): Promise<CommissionDecision>;
}

/** The lines as they earn: a product the KOL may not earn on carries no commission rate. */
export function withEarningRates<L extends { productId: string; kolCommissionBps: number }>(
  lines: readonly L[],
  decision: CommissionDecision,
): L[] {
  return lines.map((line) => (decision.kolId && decision.productIds.has(line.productId) ? line : { ...line, kolCommissionBps: 0 }));
}

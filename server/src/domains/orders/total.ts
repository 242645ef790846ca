import { AppError } from '../../errors.ts';
import { MAX_INT4 } from '../../schemas.ts';

/**
 * An order's total in minor units. Each line is at most 1e9 × 100 and a number is exact to 2^53,
 * so the sum is exact; a total the orders.total_cents column (int4) cannot hold answers 400.
 */
export function orderTotalCents(lines: readonly { unitPriceCents: number; quantity: number }[]): number {
  const total = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  if (!Number.isSafeInteger(total) || total > MAX_INT4) throw new AppError('ORDER_TOTAL_TOO_LARGE');
  return total;
}

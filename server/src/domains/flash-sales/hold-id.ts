import { randomUUID } from 'node:crypto';

/** A reservation id carries its sale's id, so the order path finds the sale's keys without a lookup. */
export function newHoldId(saleId: string): string {
  return `${saleId}.${randomUUID()}`;
}

export function saleIdOfHold(holdId: string): string | undefined {
  const dot = holdId.lastIndexOf('.');
  return dot > 0 ? holdId.slice(0, dot) : undefined;
}

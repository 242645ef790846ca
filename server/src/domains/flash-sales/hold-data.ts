import type { HoldStatus } from '../../../../db/schema/index.ts';

/** A hold as the Lua scripts keep it in `sale:{id}:hold-data` and write it to the journal. */
export interface HoldRecord {
  id: string;
  userId: string;
  quantity: number;
  status: HoldStatus;
  expiresAtMs: number;
  /** The Idempotency-Key it was made with, '' for none. */
  key: string;
}

const HOLD_DATA = /^([^|]*)\|(\d+)\|([a-z]+)\|(\d+)\|(.*)$/s;

/** Parses `userId|quantity|status|expiresAtMs|key`; undefined for anything else. */
export function parseHoldData(id: string, data: string | null | undefined): HoldRecord | undefined {
  const match = data ? HOLD_DATA.exec(data) : null;
  if (!match) return undefined;
  const [, userId = '', quantity = '0', status = '', expiresAtMs = '0', key = ''] = match;
  return { id, userId, quantity: Number(quantity), status: status as HoldStatus, expiresAtMs: Number(expiresAtMs), key };
}

/** Reads a journal entry's field list (`h`, `u`, `q`, `s`, `x`, `k`). */
export function parseJournalEntry(fields: string[]): HoldRecord | undefined {
  const entry = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) entry.set(fields[i] ?? '', fields[i + 1] ?? '');
  const id = entry.get('h');
  const userId = entry.get('u');
  if (!id || !userId) return undefined;
  return {
    id,
    userId,
    quantity: Number(entry.get('q')),
    status: entry.get('s') as HoldStatus,
    expiresAtMs: Number(entry.get('x')),
    key: entry.get('k') ?? '',
  };
}

import type { DbOrTx } from '../catalog/service.ts';
import type { ExportSection, Obligation } from './views.ts';

/**
 * The questions the privacy domain asks the others (STYLE.md §6): each domain answers from its own
 * tables through these, and the wiring in services.ts says which domain answers which.
 */

/** One section of the export: the user's data in that domain. */
export type ExportReader = (userId: string) => Promise<unknown>;

/** What a domain says the user must finish before the account can go (empty: nothing). */
export type ObligationCheck = (userId: string) => Promise<Obligation | undefined>;

/** Removes or replaces the user's personal data in one domain, inside the deletion's transaction when `tx` is given. */
export type Eraser = (userId: string, tx: DbOrTx) => Promise<void>;

export interface PrivacyPorts {
  sections: Record<ExportSection, ExportReader>;
  obligations: ObligationCheck[];
  /** Run inside the deletion's one transaction. */
  erasers: Eraser[];
  /** Run before it, each in its own transaction (a domain whose writes open their own). */
  erasersOnTheirOwn: ((userId: string) => Promise<void>)[];
  /** After the erasure committed: every token and socket of the user stops working. */
  revokeSessions(userId: string): Promise<void>;
}

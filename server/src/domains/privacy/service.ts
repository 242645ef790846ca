import type { Db } from '../../../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { PrivacyPorts } from './ports.ts';
import { type DataExport, EXPORT_SECTIONS, type OpenObligations } from './views.ts';

/** A person's own data: all of it as one file, and deleting the account without breaking the books. */
export class PrivacyService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #ports: PrivacyPorts;

  constructor(deps: { db: Db; clock: Clock; ports: PrivacyPorts }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#ports = deps.ports;
  }

  /** Everything the engine keeps about the user, one section per domain. */
  async exportData(userId: string): Promise<DataExport> {
    const values = await Promise.all(EXPORT_SECTIONS.map((section) => this.#ports.sections[section](userId)));
    const sections = Object.fromEntries(EXPORT_SECTIONS.map((section, i) => [section, values[i]]));
    return { exportedAt: this.#clock.now().toISOString(), userId, ...sections } as DataExport;
  }

  /** What the user must finish before the account can be deleted; empty when nothing. */
  async openObligations(userId: string): Promise<OpenObligations> {
    const found = await Promise.all(this.#ports.obligations.map((check) => check(userId)));
    return { obligations: found.filter((o) => o !== undefined) };
  }

  /**
   * Erases the account's personal data (email, name, addresses) in one transaction, keeping its
   * orders and ledger entries for accounting, then revokes its tokens and sockets.
   * Throws ACCOUNT_HAS_OPEN_OBLIGATIONS with the list of what to finish first.
   */
  async deleteAccount(userId: string): Promise<void> {
    const open = await this.openObligations(userId);
    if (open.obligations.length > 0) throw new AppError('ACCOUNT_HAS_OPEN_OBLIGATIONS', undefined, open);
    for (const erase of this.#ports.erasersOnTheirOwn) await erase(userId);
    await this.#db.transaction(async (tx) => {
      for (const erase of this.#ports.erasers) await erase(userId, tx);
    });
    await this.#ports.revokeSessions(userId);
  }
}

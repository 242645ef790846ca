import type { Db } from '../../../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { AddressBook } from '../accounts/address-book.ts';
import type { AccountService } from '../accounts/service.ts';
import type { AccountMaintenance } from '../auth/account-maintenance.ts';
import { commentsOfUser } from '../comments/personal-data.ts';
import { fanGroupsOfUser } from '../fans/personal-data.ts';
import type { FollowService } from '../follows/service.ts';
import type { PayoutService } from '../ledger/payout-service.ts';
import type { LedgerService } from '../ledger/service.ts';
import type { NotificationService } from '../notifications/service.ts';
import type { OrderPersonalData } from '../orders/personal-data.ts';
import { reviewsOfUser } from '../reviews/personal-data.ts';
import type { ShareLinkService } from '../social/service.ts';
import type { PrivacyPorts } from './ports.ts';
import { PrivacyService } from './service.ts';

/** Payouts whose money is still on its way: the account must stay until they are paid or failed. */
const PAYOUT_IN_FLIGHT = new Set(['scheduled', 'sending']);

/** Every notification of the user, newest first, page by page. */
async function allNotifications(notifications: NotificationService, userId: string): Promise<unknown[]> {
  const all: unknown[] = [];
  let before: string | undefined;
  do {
    const page = await notifications.list(userId, { limit: 100, before });
    all.push(...page.items);
    before = page.nextCursor;
  } while (before);
  return all;
}

/** The privacy domain, with each question put to the domain that owns the answer. */
export function wirePrivacy(deps: {
  db: Db;
  clock: Clock;
  maintenance: AccountMaintenance;
  accounts: AccountService;
  addressBook: AddressBook;
  orders: OrderPersonalData;
  follows: FollowService;
  notifications: NotificationService;
  shareLinks: ShareLinkService;
  ledger: LedgerService;
  payouts: PayoutService;
}): PrivacyService {
  const { db, maintenance, addressBook, orders } = deps;
  const ports: PrivacyPorts = {
    sections: {
      profile: (userId) => maintenance.profileOf(userId),
      account: async (userId) => {
        const { creator, store } = await deps.accounts.getAccount(userId);
        return { creator, store };
      },
      addresses: (userId) => addressBook.list(userId),
      orders: (userId) => orders.ordersOfBuyer(userId),
      comments: (userId) => commentsOfUser(db, userId),
      reviews: (userId) => reviewsOfUser(db, userId),
      follows: async (userId) => (await deps.follows.followedKolIds(userId)).map((kolId) => ({ kolId })),
      fanGroups: (userId) => fanGroupsOfUser(db, userId),
      notifications: (userId) => allNotifications(deps.notifications, userId),
      shareLinks: (userId) => deps.shareLinks.listMine(userId),
      earnings: (userId) => deps.ledger.getEarnings(userId),
      payouts: async (userId) => (await deps.payouts.getPayouts(userId)).items,
      // Coupons and auction bids do not exist yet; the sections are there so the file's shape is stable.
      coupons: async () => [],
      bids: async () => [],
    },
    obligations: [
      async (userId) => {
        const ids = await orders.unshippedOrdersOfMerchant(userId);
        return ids.length === 0
          ? undefined
          : { kind: 'orders_to_ship', ids, action: 'Ship or refund the paid orders of your shop (Merchant console → Orders).' };
      },
      async (userId) => {
        const open = await orders.openOrdersOfBuyer(userId);
        return open.length === 0
          ? undefined
          : {
              kind: 'orders_in_progress',
              ids: open.map((o) => o.id),
              action: 'Wait until your orders have shipped, or cancel them (My orders); until then the shop needs your address.',
            };
      },
      async (userId) => {
        const inFlight = (await deps.payouts.getPayouts(userId)).items.filter((p) => PAYOUT_IN_FLIGHT.has(p.status));
        return inFlight.length === 0
          ? undefined
          : {
              kind: 'payouts_in_flight',
              ids: inFlight.map((p) => p.id),
              action: 'Wait until your payout has been paid (Earnings); it usually takes a day.',
            };
      },
    ],
    erasersOnTheirOwn: [
      async (userId) => {
        for (const saved of await addressBook.list(userId)) await addressBook.remove(userId, saved.id);
      },
    ],
    erasers: [(userId, tx) => orders.eraseAddressesOfBuyer(userId, tx), (userId, tx) => maintenance.erase(userId, tx)],
    revokeSessions: (userId) => maintenance.revoke(userId),
  };
  return new PrivacyService({ db, clock: deps.clock, ports });
}

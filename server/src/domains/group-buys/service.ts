import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { type GroupStatus, groupBuyMembers, groupBuys, groupOffers, type OrderStatus } from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import { AppError, isAppError } from '../../errors.ts';
import type { Queues } from '../../jobs/queues.ts';
import { isUniqueViolation } from '../../pg-errors.ts';
import type { RealtimeBus } from '../../realtime/bus.ts';
import { type GroupUpdatePayload, rooms } from '../../realtime/contract.ts';
import { assertTransition } from '../../state-machine.ts';
import type { CatalogService, DbOrTx } from '../catalog/service.ts';
import {
  assertStreamKol,
  initialApproval,
  STREAM_DECISIONS,
  type StreamConsentPort,
  type StreamDecision,
} from '../flash-sales/stream-approval.ts';
import type { OrderService, PlacedOrder } from '../orders/service.ts';
import { holdsPlace, isPaid, tally } from './progress.ts';
import type { CreateGroupOfferInput, MembershipInput } from './schema.ts';
import { GROUP_TRANSITIONS } from './transitions.ts';
import type { GroupOfferView, GroupView, Membership, MemberView } from './views.ts';

export type { GroupOfferView, GroupView, Membership, MemberView };

type OfferRow = typeof groupOffers.$inferSelect;
type GroupRow = typeof groupBuys.$inferSelect;
type MemberRow = typeof groupBuyMembers.$inferSelect;

export type GroupOrders = Pick<
  OrderService,
  'placeOrderAtPrice' | 'readOrderStatuses' | 'getOrderFor' | 'queueSettlement' | 'lapseUnpaidOrder' | 'refundByPlatform'
>;

const UNFILLED_REASON = 'the group buy did not fill in time';

/**
 * Group buys: a merchant's group price for a product, groups that buyers open and join, and the
 * groups' outcome. Members pay at once, but their orders' settlement is held (see onOrderPaid)
 * until the group has `groupSize` paid members; a group still short at its deadline fails, and
 * every member is refunded or cancelled.
 */
export class GroupBuyService {
  readonly #db: Db;
  readonly #catalog: CatalogService;
  readonly #orders: GroupOrders;
  readonly #queues: Queues;
  readonly #bus: RealtimeBus;
  readonly #clock: Clock;
  readonly #publicUrl: () => string;
  readonly #streams: StreamConsentPort;

  constructor(deps: {
    db: Db;
    catalog: CatalogService;
    orders: GroupOrders;
    queues: Queues;
    bus: RealtimeBus;
    clock: Clock;
    publicUrl: () => string;
    /** The streams an offer may be aimed at: their KOLs, showcases, and what they offered while live. */
    streams: StreamConsentPort;
  }) {
    this.#db = deps.db;
    this.#catalog = deps.catalog;
    this.#orders = deps.orders;
    this.#queues = deps.queues;
    this.#bus = deps.bus;
    this.#clock = deps.clock;
    this.#publicUrl = deps.publicUrl;
    this.#streams = deps.streams;
  }

  /** The product's merchant offers a group price below the list price. Throws NOT_FOUND, FORBIDDEN, PRODUCT_NOT_AVAILABLE, VALIDATION_FAILED. */
  async createOffer(merchantId: string, input: CreateGroupOfferInput): Promise<GroupOfferView> {
    const product = await this.#catalog.getProduct(input.productId);
    if (product.merchantId !== merchantId) throw new AppError('FORBIDDEN', "Only the product's merchant may offer a group price");
    if (product.status !== 'active') throw new AppError('PRODUCT_NOT_AVAILABLE');
    if (input.groupPriceCents >= product.priceCents) {
      throw new AppError('VALIDATION_FAILED', 'The group price must be below the product price', [
        { path: 'body.groupPriceCents', message: `must be below ${product.priceCents}` },
      ]);
    }
    // Aimed at a stream, it shows there once the stream's KOL agreed (a showcased product counts as agreed).
    const streamApproval = input.streamId
      ? await initialApproval(this.#streams, { streamId: input.streamId, merchantId, productId: product.id })
      : 'accepted';
    const [offer] = await this.#db
      .insert(groupOffers)
      .values({
        productId: product.id,
        merchantId,
        streamId: input.streamId ?? null,
        streamApproval,
        groupPriceCents: input.groupPriceCents,
        currency: product.currency,
        groupSize: input.groupSize,
        windowMinutes: input.windowMinutes,
      })
      .returning();
    if (!offer) throw new Error('insert returned no row');
    if (offer.streamId && streamApproval === 'accepted') await this.#streams.recordIfLive(offer.streamId, [offer.productId]);
    return this.#offerView(offer, merchantId);
  }

  /**
   * The stream's KOL accepts or declines an offer proposed for their stream, or takes an accepted one
   * out of it (groups already open keep going). Throws NOT_FOUND, FORBIDDEN, INVALID_STREAM_APPROVAL.
   */
  async decideStreamApproval(kolId: string, offerId: string, decision: StreamDecision): Promise<GroupOfferView> {
    const offer = await this.#findOffer(offerId);
    await assertStreamKol(this.#streams, kolId, offer.streamId);
    const { from, to } = STREAM_DECISIONS[decision];
    const [row] = await this.#db
      .update(groupOffers)
      .set({ streamApproval: to })
      .where(
        and(eq(groupOffers.id, offerId), eq(groupOffers.streamId, offer.streamId ?? ''), inArray(groupOffers.streamApproval, [...from])),
      )
      .returning();
    if (!row) throw new AppError('INVALID_STREAM_APPROVAL');
    if (row.streamId && to === 'accepted') await this.#streams.recordIfLive(row.streamId, [row.productId]);
    return this.#offerView(row, kolId);
  }

  /** The offers proposed for the stream, or accepted in it, newest first (for its KOL's studio). */
  async listUndecidedOrShownOfStream(streamId: string): Promise<GroupOfferView[]> {
    const offers = await this.#db
      .select()
      .from(groupOffers)
      .where(and(eq(groupOffers.streamId, streamId), inArray(groupOffers.streamApproval, ['proposed', 'accepted'])))
      .orderBy(desc(groupOffers.createdAt))
      .limit(100);
    return Promise.all(offers.map((offer) => this.#offerView(offer, undefined)));
  }

  /** An offer with its groups still taking members, each saying whether `viewerId` is in it. Throws NOT_FOUND. */
  async getOffer(offerId: string, viewerId?: string): Promise<GroupOfferView> {
    return this.#offerView(await this.#findOffer(offerId), viewerId);
  }

  /** The offers shown on a stream's page, newest first, each group saying whether `viewerId` is in it. */
  async listOffersOfStream(streamId: string, viewerId?: string): Promise<GroupOfferView[]> {
    const offers = await this.#db
      .select()
      .from(groupOffers)
      .where(and(eq(groupOffers.streamId, streamId), eq(groupOffers.streamApproval, 'accepted')))
      .orderBy(desc(groupOffers.createdAt));
    return Promise.all(offers.map((offer) => this.#offerView(offer, viewerId)));
  }

  /** A group's progress, and `viewerId`'s place in it when they have one. Throws NOT_FOUND. */
  async getGroup(groupId: string, viewerId?: string): Promise<GroupView> {
    const group = await this.#findGroup(groupId);
    return (await this.#groupViews(await this.#findOffer(group.offerId), [group], viewerId))[0] as GroupView;
  }

  /**
   * A buyer opens a group on an offer: an order at the group price and the group, whose deadline
   * job is queued first so no group can exist without one. A referral code credits its sharer
   * once the group's orders settle. The same Idempotency-Key returns the first answer.
   * Throws NOT_FOUND, PRODUCT_NOT_AVAILABLE, OUT_OF_STOCK.
   */
  async openGroup(buyerId: string, offerId: string, input: MembershipInput, idempotencyKey?: string): Promise<Membership> {
    return this.#oncePerKey(buyerId, idempotencyKey, async () => {
      const offer = await this.#findOffer(offerId);
      const groupId = randomUUID();
      const deadline = new Date(this.#clock.now().getTime() + offer.windowMinutes * 60_000);
      // A job for a group whose transaction then fails finds no group and does nothing.
      await this.#queues.add('group-deadline', `group-deadline-${groupId}`, { groupId }, deadline);
      return this.#placeMembership(buyerId, offer, input, async (tx, orderId) => {
        await tx.insert(groupBuys).values({ id: groupId, offerId: offer.id, leaderId: buyerId, deadline });
        await tx.insert(groupBuyMembers).values({ groupId, buyerId, orderId, idempotencyKey: idempotencyKey ?? null });
        return groupId;
      });
    });
  }

  /**
   * A buyer joins an open group: an order at the group price, and a place in the group if one is
   * left (checked under the group's row lock, in the order's transaction). A member whose unpaid
   * order lapsed has left, and may join again with a new order. A referral code credits its
   * sharer once the group's orders settle. The same Idempotency-Key returns the first answer.
   * Throws NOT_FOUND, GROUP_EXPIRED, GROUP_FULL, ALREADY_IN_GROUP, PRODUCT_NOT_AVAILABLE, OUT_OF_STOCK.
   */
  async joinGroup(buyerId: string, groupId: string, input: MembershipInput, idempotencyKey?: string): Promise<Membership> {
    return this.#oncePerKey(buyerId, idempotencyKey, async () => {
      const seen = await this.#findGroup(groupId);
      const offer = await this.#findOffer(seen.offerId);
      // Cheap refusals before any stock is taken; the same checks run again under the lock.
      await this.#checkJoinable(this.#db, seen, offer, buyerId);
      return this.#placeMembership(buyerId, offer, input, async (tx, orderId) => {
        const [group] = await tx.select().from(groupBuys).where(eq(groupBuys.id, groupId)).for('update');
        if (!group) throw new AppError('NOT_FOUND', 'Group not found');
        await this.#checkJoinable(tx, group, offer, buyerId);
        // None of the buyer's earlier places holds (checked above): mark any not marked yet as left.
        await this.#markLeft(tx, and(eq(groupBuyMembers.groupId, groupId), eq(groupBuyMembers.buyerId, buyerId)));
        await tx.insert(groupBuyMembers).values({ groupId, buyerId, orderId, idempotencyKey: idempotencyKey ?? null });
        return groupId;
      });
    });
  }

  /**
   * Called for every paid order (OrderService's settlement hold). False for an order outside any
   * group: it settles as usual. For a member it answers true, and the group settles it itself:
   * the payment that fills the group makes it succeed and queues every member's settlement; a
   * payment into a failed group is refunded. Idempotent.
   */
  async onOrderPaid(orderId: string): Promise<boolean> {
    const [member] = await this.#db.select().from(groupBuyMembers).where(eq(groupBuyMembers.orderId, orderId));
    if (!member) return false;
    const { status, decidedNow } = await this.#decide(member.groupId, 'payment');
    if (status === 'succeeded') await this.#settleMembers(member.groupId);
    if (status === 'failed' && decidedNow) await this.#unwindMembers(member.groupId);
    else if (status === 'failed') await this.#orders.refundByPlatform(orderId, UNFILLED_REASON);
    await this.#publish(member.groupId);
    return true;
  }

  /** Refuses to ship a member's order while its group is still open: if it fails, every member gets the money back. */
  async assertShippable(orderId: string): Promise<void> {
    if ((await this.ordersWaitingForGroup([orderId])).has(orderId)) throw new AppError('GROUP_NOT_COMPLETE');
  }

  /** Of these orders, the members' orders whose group is still open (they ship once it fills). */
  async ordersWaitingForGroup(orderIds: readonly string[]): Promise<Set<string>> {
    if (orderIds.length === 0) return new Set();
    const rows = await this.#db
      .select({ orderId: groupBuyMembers.orderId })
      .from(groupBuyMembers)
      .innerJoin(groupBuys, eq(groupBuys.id, groupBuyMembers.groupId))
      .where(and(inArray(groupBuyMembers.orderId, [...orderIds]), eq(groupBuys.status, 'open')));
    return new Set(rows.map((r) => r.orderId));
  }

  /**
   * A member's unpaid order lapsed: they have left, their place is free again (also for them to
   * join again), and the group's watchers hear of it.
   */
  async onOrderLapsed(orderId: string): Promise<void> {
    const [member] = await this.#db.select().from(groupBuyMembers).where(eq(groupBuyMembers.orderId, orderId));
    if (!member) return;
    await this.#markLeft(this.#db, eq(groupBuyMembers.id, member.id));
    await this.#publish(member.groupId);
  }

  /**
   * The deadline job: an open group fails unless it has all its members paid, and whatever the
   * group's outcome is gets finished (settlements queued, or every member refunded or cancelled),
   * so a second run, or a run after a crash half-way, changes nothing more. Returns the status,
   * or 'not-found' for a group whose opening was rolled back.
   */
  async closeAtDeadline(groupId: string): Promise<GroupStatus | 'not-found'> {
    const [group] = await this.#db.select().from(groupBuys).where(eq(groupBuys.id, groupId));
    if (!group) return 'not-found';
    const { status } = await this.#decide(groupId, 'deadline');
    if (status === 'succeeded') await this.#settleMembers(groupId);
    if (status === 'failed') await this.#unwindMembers(groupId);
    await this.#publish(groupId);
    return status;
  }

  /**
   * Runs an open or a join once per Idempotency-Key: a key seen before answers the earlier
   * membership, also when two requests with it raced and the second lost on a unique key.
   */
  async #oncePerKey(buyerId: string, idempotencyKey: string | undefined, run: () => Promise<Membership>): Promise<Membership> {
    const earlier = await this.#replay(buyerId, idempotencyKey);
    if (earlier) return earlier;
    try {
      return await run();
    } catch (error) {
      const isDuplicate = isUniqueViolation(error) || (isAppError(error) && error.code === 'ALREADY_IN_GROUP');
      if (!isDuplicate) throw error;
      const raced = await this.#replay(buyerId, idempotencyKey);
      if (raced) return raced;
      throw new AppError('ALREADY_IN_GROUP');
    }
  }

  /** An order at the group price, with the group's own rows written by `enter` in its transaction. */
  async #placeMembership(
    buyerId: string,
    offer: OfferRow,
    input: MembershipInput,
    enter: (tx: DbOrTx, orderId: string) => Promise<string>,
  ): Promise<Membership> {
    let groupId = '';
    const order = await this.#orders.placeOrderAtPrice(
      buyerId,
      {
        productId: offer.productId,
        unitPriceCents: offer.groupPriceCents,
        streamId: offer.streamId,
        saleShownInStream: offer.streamApproval === 'accepted',
        shippingAddress: input.shippingAddress,
        referralCode: input.referralCode,
      },
      async (tx, orderId) => {
        groupId = await enter(tx, orderId);
      },
    );
    await this.#publish(groupId);
    return { group: await this.getGroup(groupId, buyerId), order };
  }

  async #checkJoinable(db: DbOrTx, group: GroupRow, offer: OfferRow, buyerId: string): Promise<void> {
    const members = await this.#membersOf(db, group.id);
    const statuses = await this.#statusesOf(db, members);
    // Members whose unpaid order lapsed have left and freed their place, for others and for themselves.
    if (members.some((m, i) => m.buyerId === buyerId && holdsPlace(group.status, statuses[i]))) throw new AppError('ALREADY_IN_GROUP');
    if (group.status === 'failed' || this.#clock.now() >= group.deadline) throw new AppError('GROUP_EXPIRED');
    if (group.status === 'succeeded') throw new AppError('GROUP_FULL');
    if (tally('open', statuses).joined >= offer.groupSize) throw new AppError('GROUP_FULL');
  }

  /** Marks the members that `where` picks as having left (those not marked yet), and returns them. */
  async #markLeft(db: DbOrTx, where: SQL | undefined): Promise<MemberRow[]> {
    return db
      .update(groupBuyMembers)
      .set({ leftAt: this.#clock.now() })
      .where(and(where, isNull(groupBuyMembers.leftAt)))
      .returning();
  }

  /**
   * Decides an open group under its row lock. On a payment (`by: 'payment'`) it succeeds when all
   * its places are paid, and fails when the payment came after the deadline. The deadline job
   * (`by: 'deadline'`) is the deadline even when it runs late: all places paid, or it fails.
   */
  async #decide(groupId: string, by: 'payment' | 'deadline'): Promise<{ status: GroupStatus; decidedNow: boolean }> {
    const offer = await this.#findOffer((await this.#findGroup(groupId)).offerId);
    return this.#db.transaction(async (tx) => {
      const [group] = await tx.select().from(groupBuys).where(eq(groupBuys.id, groupId)).for('update');
      if (!group) throw new AppError('NOT_FOUND', 'Group not found');
      if (group.status !== 'open') return { status: group.status, decidedNow: false };
      const isFull = tally('open', await this.#statusesOf(tx, await this.#membersOf(tx, groupId))).paid >= offer.groupSize;
      const isLate = this.#clock.now() >= group.deadline;
      let to: GroupStatus | undefined;
      if (by === 'deadline') to = isFull ? 'succeeded' : 'failed';
      else if (isLate) to = 'failed';
      else if (isFull) to = 'succeeded';
      if (!to) return { status: group.status, decidedNow: false };
      assertTransition(GROUP_TRANSITIONS, group.status, to, 'GROUP_CLOSED');
      await tx.update(groupBuys).set({ status: to, closedAt: this.#clock.now() }).where(eq(groupBuys.id, groupId));
      return { status: to, decidedNow: true };
    });
  }

  /** A succeeded group's paid orders proceed: their held settlement is queued (once per order, by job id). */
  async #settleMembers(groupId: string): Promise<void> {
    const members = await this.#membersOf(this.#db, groupId);
    const statuses = await this.#statusesOf(this.#db, members);
    for (const [i, member] of members.entries()) {
      if (isPaid(statuses[i])) await this.#orders.queueSettlement(member.orderId);
    }
  }

  /**
   * A failed group's members: an unpaid order is cancelled (its stock returns), a paid one refunded.
   * Each step moves an order at most once, so running this twice refunds nobody twice.
   */
  async #unwindMembers(groupId: string): Promise<void> {
    for (const member of await this.#membersOf(this.#db, groupId)) {
      // When the payment beat the cancellation the order is paid instead, and refunded next.
      await this.#orders.lapseUnpaidOrder(member.orderId, UNFILLED_REASON);
      await this.#orders.refundByPlatform(member.orderId, UNFILLED_REASON);
    }
  }

  /** The group's progress to its room, its stream's viewers and its members. */
  async #publish(groupId: string): Promise<void> {
    const view = await this.getGroup(groupId);
    const payload: GroupUpdatePayload = {
      id: view.id,
      offerId: view.offerId,
      streamId: view.streamId,
      status: view.status,
      size: view.size,
      joined: view.joined,
      paid: view.paid,
      deadline: view.deadline,
    };
    const members = await this.#membersOf(this.#db, groupId);
    // The stream's viewers hear of an offer only its KOL agreed to show.
    const isShownInStream = view.streamId !== null && (await this.#findOffer(view.offerId)).streamApproval === 'accepted';
    const targets = [
      rooms.group(groupId),
      ...(view.streamId && isShownInStream ? [rooms.stream(view.streamId)] : []),
      // A member who left and joined again has two rows, and hears it once.
      ...new Set(members.map((m) => rooms.user(m.buyerId))),
    ];
    await Promise.all(targets.map((room) => this.#bus.publish({ room, event: 'group:update', payload })));
  }

  /** The earlier answer to a request with this Idempotency-Key from this buyer, if there was one. */
  async #replay(buyerId: string, idempotencyKey: string | undefined): Promise<Membership | undefined> {
    if (!idempotencyKey) return undefined;
    const [member] = await this.#db
      .select()
      .from(groupBuyMembers)
      .where(and(eq(groupBuyMembers.buyerId, buyerId), eq(groupBuyMembers.idempotencyKey, idempotencyKey)));
    if (!member) return undefined;
    return { group: await this.getGroup(member.groupId, buyerId), order: await this.#memberOrder(member) };
  }

  /** The order a member pays with, as opening or joining answered it (with its status now). */
  async #memberOrder(member: MemberRow): Promise<PlacedOrder> {
    const order = await this.#orders.getOrderFor({ userId: member.buyerId, roles: [] }, member.orderId);
    // Every order is written with its payment, in one transaction.
    if (!order.paymentId) throw new Error(`order ${order.id} has no payment`);
    return { id: order.id, status: order.status, totalCents: order.totalCents, currency: order.currency, paymentId: order.paymentId };
  }

  async #offerView(offer: OfferRow, viewerId: string | undefined): Promise<GroupOfferView> {
    const product = await this.#catalog.getProduct(offer.productId);
    const open = await this.#db
      .select()
      .from(groupBuys)
      .where(and(eq(groupBuys.offerId, offer.id), eq(groupBuys.status, 'open'), gt(groupBuys.deadline, this.#clock.now())))
      .orderBy(asc(groupBuys.deadline))
      .limit(20);
    return {
      id: offer.id,
      productId: offer.productId,
      merchantId: offer.merchantId,
      streamId: offer.streamId,
      streamApproval: offer.streamId ? offer.streamApproval : null,
      groupPriceCents: offer.groupPriceCents,
      listPriceCents: product.priceCents,
      currency: offer.currency,
      groupSize: offer.groupSize,
      windowMinutes: offer.windowMinutes,
      createdAt: offer.createdAt.toISOString(),
      openGroups: await this.#groupViews(offer, open, viewerId),
    };
  }

  async #groupViews(offer: OfferRow, groups: GroupRow[], viewerId: string | undefined): Promise<GroupView[]> {
    if (groups.length === 0) return [];
    const members = await this.#db
      .select()
      .from(groupBuyMembers)
      .where(
        inArray(
          groupBuyMembers.groupId,
          groups.map((g) => g.id),
        ),
      )
      .orderBy(asc(groupBuyMembers.joinedAt));
    const statusOf = await this.#orders.readOrderStatuses(
      this.#db,
      members.map((m) => m.orderId),
    );
    const membersOf = Map.groupBy(members, (m) => m.groupId);
    const viewerPlaces = new Map<string, MemberView>();
    await Promise.all(
      groups.map(async (group) => {
        // The viewer's newest row whose order keeps them in (an older one may have lapsed).
        const place = (membersOf.get(group.id) ?? [])
          .filter((m) => m.buyerId === viewerId && holdsPlace(group.status, statusOf.get(m.orderId)))
          .at(-1);
        if (place) viewerPlaces.set(group.id, { joinedAt: place.joinedAt.toISOString(), order: await this.#memberOrder(place) });
      }),
    );
    return groups.map((group) => {
      const counts = tally(
        group.status,
        (membersOf.get(group.id) ?? []).map((m) => statusOf.get(m.orderId)),
      );
      const page = offer.streamId ? `/live/${offer.streamId}` : `/products/${offer.productId}`;
      return {
        id: group.id,
        offerId: offer.id,
        productId: offer.productId,
        streamId: offer.streamId,
        status: group.status,
        size: offer.groupSize,
        ...counts,
        deadline: group.deadline.toISOString(),
        groupPriceCents: offer.groupPriceCents,
        currency: offer.currency,
        shareUrl: `${this.#publicUrl()}${page}?group=${encodeURIComponent(group.id)}`,
        membership: viewerPlaces.get(group.id) ?? null,
      };
    });
  }

  async #membersOf(db: DbOrTx, groupId: string): Promise<MemberRow[]> {
    return db.select().from(groupBuyMembers).where(eq(groupBuyMembers.groupId, groupId)).orderBy(asc(groupBuyMembers.joinedAt));
  }

  /**
   * The members' order statuses in the members' order, from the orders domain. Inside a
   * transaction they are read through it: PGlite has one connection, and a second one from the
   * pool could wait for the very transaction that waits for it.
   */
  async #statusesOf(db: DbOrTx, members: MemberRow[]): Promise<(OrderStatus | undefined)[]> {
    const statusOf = await this.#orders.readOrderStatuses(
      db,
      members.map((m) => m.orderId),
    );
    return members.map((m) => statusOf.get(m.orderId));
  }

  async #findOffer(offerId: string): Promise<OfferRow> {
    const [offer] = await this.#db.select().from(groupOffers).where(eq(groupOffers.id, offerId));
    if (!offer) throw new AppError('NOT_FOUND', 'Group offer not found');
    return offer;
  }

  async #findGroup(groupId: string): Promise<GroupRow> {
    const [group] = await this.#db.select().from(groupBuys).where(eq(groupBuys.id, groupId));
    if (!group) throw new AppError('NOT_FOUND', 'Group not found');
    return group;
  }
}

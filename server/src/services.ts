import path from 'node:path';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { AddressBook } from './domains/accounts/address-book.ts';
import { AccountService } from './domains/accounts/service.ts';
import { AccountMaintenance } from './domains/auth/account-maintenance.ts';
import { PasswordHasher } from './domains/auth/password.ts';
import { AuthService } from './domains/auth/service.ts';
import { SessionVersions } from './domains/auth/session-versions.ts';
import { TokenService } from './domains/auth/tokens.ts';
import { CatalogService } from './domains/catalog/service.ts';
import { CheckoutService } from './domains/checkout/service.ts';
import { CommentWriter } from './domains/comments/comment-writer.ts';
import { CommentService } from './domains/comments/service.ts';
import { WordFilter } from './domains/comments/word-filter.ts';
import { FanEngagement } from './domains/fans/engagement.ts';
import { FanService } from './domains/fans/service.ts';
import { FeedSignals } from './domains/feed/signals.ts';
import { withFlashSaleCommands } from './domains/flash-sales/commands.ts';
import { StockBroadcaster } from './domains/flash-sales/events.ts';
import { FlashSaleService } from './domains/flash-sales/service.ts';
import { FollowService } from './domains/follows/service.ts';
import { GroupBuyService } from './domains/group-buys/service.ts';
import { SandboxPayoutProvider } from './domains/ledger/payout-provider.ts';
import { PayoutService } from './domains/ledger/payout-service.ts';
import { LedgerService } from './domains/ledger/service.ts';
import { ChatBans } from './domains/moderation/chat-bans.ts';
import { ChatModeration } from './domains/moderation/chat-moderation.ts';
import { ModerationLog } from './domains/moderation/moderation-log.ts';
import { ReportService } from './domains/moderation/reports.ts';
import { ReviewModeration } from './domains/moderation/review-moderation.ts';
import { ModerationService } from './domains/moderation/service.ts';
import { MerchantSuspensions } from './domains/moderation/suspensions.ts';
import { ReportTargets } from './domains/moderation/targets.ts';
import { NotificationService } from './domains/notifications/service.ts';
import { OrderPersonalData } from './domains/orders/personal-data.ts';
import { ordersHoldingSettlement } from './domains/orders/refund-request-reads.ts';
import { RefundRequestService } from './domains/orders/refund-requests.ts';
import { OrderService } from './domains/orders/service.ts';
import { paymentProviderFor } from './domains/payments/provider.ts';
import { PaymentService } from './domains/payments/service.ts';
import { StreamPosters } from './domains/posters/service.ts';
import { wirePrivacy } from './domains/privacy/wire-privacy.ts';
import { ReviewService } from './domains/reviews/service.ts';
import { ShowPlanner } from './domains/shows/service.ts';
import { ShareLinkService } from './domains/social/service.ts';
import { LikeCounter } from './domains/streams/likes.ts';
import { LiveSalesBroadcaster } from './domains/streams/live-sales.ts';
import { ViewerPresence } from './domains/streams/presence.ts';
import { SaleProposals } from './domains/streams/sale-proposals.ts';
import { StreamService } from './domains/streams/service.ts';
import { StreamOffers } from './domains/streams/stream-offers.ts';
import { StreamSummaries } from './domains/streams/summary.ts';
import { ImageUploads } from './domains/uploads/service.ts';
import { LocalDiskImageStorage } from './domains/uploads/storage.ts';
import type { Infra } from './infra.ts';
import { RealtimeBus } from './realtime/bus.ts';
import { RateLimiter } from './redis/rate-limiter.ts';

export type ServiceConfig = Pick<
  Config,
  | 'jwtSecret'
  | 'webhookSecret'
  | 'paymentsProvider'
  | 'publicUrl'
  | 'redisPrefix'
  | 'holdTtlMs'
  | 'money'
  | 'comments'
  | 'orders'
  | 'dataDir'
  | 'uploads'
> &
  Pick<Config, 'sessions' | 'limits' | 'passwords'> &
  Partial<Pick<Config, 'merchantApproval'>>;

/** Every domain service, wired by plain arguments; the API server and the workers share this. */
export function createServices(
  infra: Infra,
  config: ServiceConfig,
  options: { clock?: Clock; webhookUrl?: () => string; publicUrl?: () => string } = {},
) {
  const { db } = infra.database;
  const clock = options.clock ?? systemClock;
  const tokens = new TokenService(config.jwtSecret);
  // Every token's session version is checked against this; bump(userId) revokes a user's tokens and sockets.
  const sessions = new SessionVersions({ db, redis: infra.redis, cacheMs: config.sessions.cacheMs });
  const passwords = new PasswordHasher({ N: config.passwords.scryptN, concurrency: config.passwords.concurrency });
  const bus = new RealtimeBus({ redis: infra.redis, prefix: config.redisPrefix });
  const presence = new ViewerPresence(infra.redis, clock);
  const likes = new LikeCounter(infra.redis, { perUserPerSec: config.limits.likesPerUserPerSec, clock });
  const merchantApproval = config.merchantApproval ?? 'auto';
  const auth = new AuthService({ db, tokens, passwords, merchantApproval });
  // The demo's generated admin password and account erasure (DELETE /api/me).
  const accountMaintenance = new AccountMaintenance({ db, sessions, passwords });
  // Admins' suspensions gate listing, editing, flash sales and payouts of the merchant.
  const suspensions = new MerchantSuspensions({ db });
  const isSuspended = (userId: string) => suspensions.isSuspended(userId);
  const catalog = new CatalogService({ db, isSuspended });
  const publicUrl = options.publicUrl ?? (() => config.publicUrl);
  const shareLinks = new ShareLinkService({ db, publicUrl });

  // What each stream offered while live: its KOLs' commission and their consent to sales aimed at it.
  const streamOffers = new StreamOffers({ db, graceAfterEndMs: config.money.commissionGraceAfterEndMs });
  const flashSales = new FlashSaleService({
    db,
    redis: withFlashSaleCommands(infra.redis),
    queues: infra.queues,
    catalog,
    clock,
    holdTtlMs: config.holdTtlMs,
    reservesPerUserPerSec: config.limits.reservationsPerUserPerSec,
    streams: streamOffers,
    isSuspended,
  });
  flashSales.broadcaster = new StockBroadcaster({ bus, readState: (saleId) => flashSales.readLiveState(saleId) });
  const follows = new FollowService({ db });
  const notifications = new NotificationService({ db, bus });
  const streams = new StreamService({
    db,
    catalog,
    bus,
    presence,
    sales: flashSales,
    offers: streamOffers,
    // Followers hear of it through a BullMQ fan-out, so going live returns at once.
    onWentLive: (stream) =>
      infra.queues.add('now-live-fanout', `now-live-${stream.id}`, {
        streamId: stream.id,
        kolId: stream.kolId,
        title: stream.title,
        afterFollowerId: null,
      }),
  });
  const streamService = streams;
  const kolOfStream = async (streamId: string) => (await streamService.getStreamRow(streamId).catch(() => undefined))?.kolId ?? null;
  const wordFilter = new WordFilter(config.comments.blockedWords);
  const fans = new FanService({
    db,
    redis: infra.redis,
    isKol: async (userId) => (await auth.getUser(userId).catch(() => undefined))?.roles.includes('kol') ?? false,
  });
  const fanEngagement = new FanEngagement({ fans, kolOfStream });

  let orders: OrderService | undefined;
  let groupBuys: GroupBuyService | undefined;
  // A stream's room hears "Mei L. just bought …" and the stock its paid orders took.
  const liveSales = new LiveSalesBroadcaster({
    bus,
    orderLines: async ({ orderId, buyerId }) => (await orders?.getOrderFor({ userId: buyerId, roles: [] }, orderId))?.items ?? [],
    products: async (ids) => new Map((await Promise.all(ids.map((id) => catalog.getProduct(id)))).map((p) => [p.id, p])),
    displayName: (userId) => auth.getDisplayName(userId),
  });
  // PAYMENTS_PROVIDER: the sandbox (which calls our own webhook) only when chosen; see provider.ts.
  const paymentProvider = paymentProviderFor(config.paymentsProvider, {
    secret: config.webhookSecret,
    webhookUrl: options.webhookUrl ?? (() => `${config.publicUrl}/api/payments/webhook`),
    clock,
  });
  const payments = new PaymentService({
    db,
    provider: paymentProvider,
    webhookSecret: config.webhookSecret,
    clock,
    onSucceeded: async (orderId) => {
      if (!orders) return;
      await orders.markPaid(orderId);
      const order = await orders.getSettlementFacts(orderId);
      if (order.kolId) await fanEngagement.purchased(order.kolId, order.buyerId);
    },
  });
  orders = new OrderService({
    db,
    catalog,
    flashSales,
    payments,
    queues: infra.queues,
    bus,
    commission: streamOffers,
    reverseLedger: (tx, orderId, currency): Promise<number> => ledger.reverseOrder(tx, orderId, currency),
    clock,
    times: config.orders,
    // A group buy's members pay at once; their settlement waits until the group fills.
    holdsSettlement: async (orderId) => (await groupBuys?.onOrderPaid(orderId)) ?? false,
    // A group's orders ship only once it filled; a lapsed member's place shows as free at once.
    beforeShip: async (orderId) => groupBuys?.assertShippable(orderId),
    afterLapse: async (orderId) => groupBuys?.onOrderLapsed(orderId),
    // A merchant's own refund answers the buyer's open refund request.
    afterRefund: (orderId): Promise<void> => refundRequests.onOrderRefunded(orderId),
    afterPaid: (order) => liveSales.orderPaid(order),
    displayNames: (userIds) => auth.getDisplayNames(userIds),
    // The merchant's list says which orders wait for their group to fill before they may ship.
    waitingForGroup: async (orderIds) => (await groupBuys?.ordersWaitingForGroup(orderIds)) ?? new Set(),
    // The buyer's list invites a review only for orders not reviewed yet.
    reviewedOrders: (orderIds): Promise<Set<string>> => reviews.reviewedOrders(orderIds),
  });
  const orderService = orders;
  groupBuys = new GroupBuyService({
    db,
    catalog,
    orders: orderService,
    queues: infra.queues,
    bus,
    clock,
    publicUrl,
    streams: streamOffers,
  });
  const groupBuyService = groupBuys;
  const saleProposals = new SaleProposals({
    db,
    clock,
    sources: {
      unopenedFlashSales: (streamId) => flashSales.listUnopenedForStream(streamId),
      groupOffers: (streamId) => groupBuyService.listUndecidedOrShownOfStream(streamId),
      productCards: (productIds) => catalog.getProductCards(productIds),
      displayNames: (userIds) => auth.getDisplayNames(userIds),
    },
  });
  const ledger = new LedgerService({
    db,
    money: config.money,
    orderFacts: (orderIds) => orderService.getSettlementFactsOfOrders(orderIds),
    lockOrderStatuses: (tx, orderIds) => orderService.lockOrderStatuses(tx, orderIds),
    resolveSharer: (code) => shareLinks.resolveSharer(code),
    // An order whose refund may still happen (an open refund request) does not settle its commissions.
    settlementHolds: ordersHoldingSettlement,
  });
  const refundRequests = new RefundRequestService({
    db,
    orders: orderService,
    notifications,
    queues: infra.queues,
    clock,
    times: config.orders,
    holdSettledEntries: (tx, orderId) => ledger.holdSettledEntries(tx, orderId),
    // A group buy's member who cancelled has left the group.
    afterCancel: (orderId) => groupBuyService.onOrderLapsed(orderId),
  });
  // The sandbox is the only payout provider so far; a real one would be picked from the config here.
  const payoutProvider = new SandboxPayoutProvider({ clock });
  const payouts = new PayoutService({ db, provider: payoutProvider, clock, heldUserIds: () => suspensions.suspendedIds() });
  // Admins' chat bans: the comment path reads their Redis flags, never the table.
  const chatBans = new ChatBans({ db, redis: infra.redis, clock });
  const comments = new CommentService({
    db,
    redis: infra.redis,
    bus,
    clock,
    writer: new CommentWriter({ db }),
    filter: wordFilter,
    limiter: new RateLimiter({ redis: infra.redis, clock, ratePerSec: config.comments.ratePerSec, burst: config.comments.burst }),
    displayName: (userId) => auth.getDisplayName(userId),
    kolOfStream,
    chatBanOf: (userId) => chatBans.banOf(userId),
    engagement: fanEngagement,
  });
  const reviews = new ReviewService({
    db,
    filter: wordFilter,
    orderOf: (buyerId, orderId) => orderService.getOrderFor({ userId: buyerId, roles: [] }, orderId),
    merchantOfProduct: async (productId) => (await catalog.getProduct(productId)).merchantId,
  });
  const feedSignals = new FeedSignals({ db, presence, redis: infra.redis });
  // Product and show images: on this machine's disk under DATA_DIR/uploads, served under /uploads/.
  const imageStorage = new LocalDiskImageStorage({ root: path.join(config.dataDir, 'uploads') });
  const imageUploads = new ImageUploads({ storage: imageStorage, limits: config.uploads });
  // The account page: roles, stores (approved at once or by an admin), the address book; a KOL's shows.
  const accounts = new AccountService({
    db,
    merchantApproval,
    // The token carries the user's session version (after rolesChanged bumped it) and current roles.
    issueToken: (userId) => auth.issueToken(userId),
    rolesChanged: (userId) => sessions.bump(userId),
    notify: async (userId, kind, payload) => {
      await notifications.notifyMany([userId], kind, payload);
    },
  });
  const addressBook = new AddressBook({ db });
  // GET /api/me/export and DELETE /api/me ask each domain for the user's data.
  const privacy = wirePrivacy({
    db,
    clock,
    maintenance: accountMaintenance,
    accounts,
    addressBook,
    orders: new OrderPersonalData({ db }),
    follows,
    notifications,
    shareLinks,
    ledger,
    payouts,
  });
  const shows = new ShowPlanner({ db, streams: streamService, catalog });
  const checkout = new CheckoutService({ db, orders: orderService, catalog, payments });
  const posters = new StreamPosters({ redis: infra.redis, prefix: config.redisPrefix, streams: streamService });
  const displayNames = (userIds: readonly string[]) => auth.getDisplayNames(userIds);
  const reportTargets = new ReportTargets({ catalog, streams: streamService, auth, suspensions, comments, reviews });
  const reports = new ReportService({ db, clock, targets: reportTargets, displayNames });
  const moderationLog = new ModerationLog({ db, displayNames });
  const moderation = new ModerationService({
    db,
    clock,
    auth,
    catalog,
    streams: streamService,
    flashSales,
    notifications,
    reports,
    log: moderationLog,
    suspensions,
    targets: reportTargets,
  });
  const chatModeration = new ChatModeration({ db, clock, auth, comments, chatBans, reports, log: moderationLog, notifications });
  const reviewModeration = new ReviewModeration({ db, clock, reviews, reports, log: moderationLog, notifications });

  return {
    clock,
    queues: infra.queues,
    tokens,
    sessions,
    passwords,
    accountMaintenance,
    rateLimits: { redis: infra.redis, limits: config.limits },
    bus,
    presence,
    likes,
    follows,
    fans,
    fanEngagement,
    notifications,
    reviews,
    feedSignals,
    liveSales,
    posters,
    checkout,
    auth,
    catalog,
    shareLinks,
    flashSales,
    streams: streamService,
    streamSummaries: new StreamSummaries({ db, streams: streamService, presence, likes, displayNames: (ids) => auth.getDisplayNames(ids) }),
    streamOffers,
    saleProposals,
    payments,
    paymentProvider,
    orders: orderService,
    refundRequests,
    groupBuys: groupBuyService,
    ledger,
    payouts,
    payoutProvider,
    comments,
    suspensions,
    reports,
    moderationLog,
    moderation,
    chatBans,
    chatModeration,
    reviewModeration,
    accounts,
    addressBook,
    privacy,
    shows,
    imageStorage,
    imageUploads,
  };
}

export type Services = ReturnType<typeof createServices>;

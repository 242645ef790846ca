import type { Db } from '../../../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { AuthService, PublicUser } from '../auth/service.ts';
import { type CatalogService, type ProductView, toProductView } from '../catalog/service.ts';
import type { FlashSaleService } from '../flash-sales/service.ts';
import type { NotificationService } from '../notifications/service.ts';
import type { StreamService } from '../streams/service.ts';
import type { ModerationLog } from './moderation-log.ts';
import type { ReportService } from './reports.ts';
import type { EndedStreamView, MerchantItemView } from './schema.ts';
import type { MerchantSuspensions } from './suspensions.ts';
import type { ReportTargets, TargetRef } from './targets.ts';

/**
 * What admins do about reports: take a product down or restore it, suspend or reinstate a merchant,
 * end a live show, dismiss a target's reports. Each action changes the owning domain's rows,
 * resolves the target's open reports and writes its log row in one transaction; showcases, flash
 * sales, the stream's end event and notifications follow once it committed (each of those steps
 * can run again without harm).
 */
export class ModerationService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #auth: AuthService;
  readonly #catalog: CatalogService;
  readonly #streams: StreamService;
  readonly #flashSales: FlashSaleService;
  readonly #notifications: NotificationService;
  readonly #reports: ReportService;
  readonly #log: ModerationLog;
  readonly #suspensions: MerchantSuspensions;
  readonly #targets: ReportTargets;

  constructor(deps: {
    db: Db;
    clock: Clock;
    auth: AuthService;
    catalog: CatalogService;
    streams: StreamService;
    flashSales: FlashSaleService;
    notifications: NotificationService;
    reports: ReportService;
    log: ModerationLog;
    suspensions: MerchantSuspensions;
    targets: ReportTargets;
  }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#auth = deps.auth;
    this.#catalog = deps.catalog;
    this.#streams = deps.streams;
    this.#flashSales = deps.flashSales;
    this.#notifications = deps.notifications;
    this.#reports = deps.reports;
    this.#log = deps.log;
    this.#suspensions = deps.suspensions;
    this.#targets = deps.targets;
  }

  // ── Products ─────────────────────────────────────────────────────────────────────────────

  /**
   * Takes a product down: hidden and not sellable, out of every showcase and pin, its scheduled and
   * live flash sales cancelled, its merchant told why. Throws NOT_FOUND, ALREADY_TAKEN_DOWN.
   */
  async takeDown(adminId: string, productId: string, reason: string): Promise<ProductView> {
    const product = await this.#catalog.getProduct(productId);
    if (product.status === 'taken_down') throw new AppError('ALREADY_TAKEN_DOWN');
    const at = this.#clock.now();
    const row = await this.#db.transaction(async (tx) => {
      const moved = await this.#catalog.moderateProduct(tx, productId, {
        from: ['active', 'archived', 'suspended'],
        to: 'taken_down',
        moderation: { reason, at },
      });
      if (!moved) throw new AppError('ALREADY_TAKEN_DOWN');
      const target: TargetRef = { targetType: 'product', targetId: productId };
      await this.#reports.resolveTarget(tx, target, { status: 'actioned', note: reason, adminId });
      await this.#log.record(tx, { action: 'take_down', ...target, targetTitle: moved.title, reason, adminId });
      return moved;
    });
    await this.#streams.withdrawProducts([productId]);
    await this.#flashSales.cancelSalesOf({ productIds: [productId] });
    await this.#notifications.notifyMany([row.merchantId], 'product_taken_down', { productId, title: row.title, reason });
    // Read again: the cancelled sales gave their units back to the product's stock.
    return toProductView(await this.#catalog.getProduct(productId));
  }

  /**
   * Puts a taken-down product back on sale (`suspended` instead while its merchant is suspended);
   * its cancelled sales stay cancelled. Throws NOT_FOUND, NOT_TAKEN_DOWN.
   */
  async restore(adminId: string, productId: string): Promise<ProductView> {
    const product = await this.#catalog.getProduct(productId);
    if (product.status !== 'taken_down') throw new AppError('NOT_TAKEN_DOWN');
    const suspension = await this.#suspensions.suspensionOf(product.merchantId);
    const row = await this.#db.transaction(async (tx) => {
      const moved = await this.#catalog.moderateProduct(tx, productId, {
        from: ['taken_down'],
        ...(suspension
          ? { to: 'suspended', moderation: { reason: suspension.reason, at: new Date(suspension.at) } }
          : { to: 'active', moderation: null }),
      });
      if (!moved) throw new AppError('NOT_TAKEN_DOWN');
      const target: TargetRef = { targetType: 'product', targetId: productId };
      await this.#reports.resolveTarget(tx, target, { status: 'actioned', note: 'Restored', adminId });
      await this.#log.record(tx, { action: 'restore', ...target, targetTitle: moved.title, reason: null, adminId });
      return moved;
    });
    await this.#notifications.notifyMany([row.merchantId], 'product_restored', { productId, title: row.title });
    return toProductView(row);
  }

  // ── Merchants ────────────────────────────────────────────────────────────────────────────

  /**
   * Suspends a merchant: their active products become `suspended` (hidden, not sellable) and leave
   * showcases and pins, their flash sales are cancelled, they can no longer list or edit products
   * or schedule sales, and the payout run holds their money. Orders already paid still ship.
   * Throws NOT_FOUND, ALREADY_SUSPENDED.
   */
  async suspend(adminId: string, merchantId: string, reason: string): Promise<MerchantItemView> {
    const merchant = await this.#targets.getMerchant(merchantId);
    const at = this.#clock.now();
    const productIds = await this.#db.transaction(async (tx) => {
      if (!(await this.#suspensions.add(tx, { userId: merchantId, reason, adminId, at }))) throw new AppError('ALREADY_SUSPENDED');
      const suspended = await this.#catalog.suspendProductsOf(tx, merchantId, { reason, at });
      await this.#reports.resolveMerchant(tx, merchantId, { status: 'actioned', note: reason, adminId });
      await this.#log.record(tx, {
        action: 'suspend',
        targetType: 'merchant',
        targetId: merchantId,
        targetTitle: merchant.displayName,
        reason,
        adminId,
      });
      return suspended;
    });
    await this.#streams.withdrawProducts(productIds);
    await this.#flashSales.cancelSalesOf({ merchantId });
    await this.#notifications.notifyMany([merchantId], 'merchant_suspended', { reason });
    return this.#merchantItem(merchant);
  }

  /**
   * Ends a suspension: suspended products are active again (taken-down ones stay down), and the
   * next payout run pays what was held. Throws NOT_FOUND, NOT_SUSPENDED.
   */
  async reinstate(adminId: string, merchantId: string): Promise<MerchantItemView> {
    const merchant = await this.#targets.getMerchant(merchantId);
    await this.#db.transaction(async (tx) => {
      if (!(await this.#suspensions.remove(tx, merchantId))) throw new AppError('NOT_SUSPENDED');
      await this.#catalog.reinstateProductsOf(tx, merchantId);
      const target: TargetRef = { targetType: 'merchant', targetId: merchantId };
      await this.#reports.resolveTarget(tx, target, { status: 'actioned', note: 'Reinstated', adminId });
      await this.#log.record(tx, { action: 'reinstate', ...target, targetTitle: merchant.displayName, reason: null, adminId });
    });
    await this.#notifications.notifyMany([merchantId], 'merchant_reinstated', {});
    return this.#merchantItem(merchant);
  }

  /** Merchants newest first, by name or email and by status, with their product and open report counts. */
  async listMerchants(filter: {
    q?: string | undefined;
    status?: 'active' | 'suspended' | undefined;
    cursor?: string | undefined;
    limit: number;
  }): Promise<{ items: MerchantItemView[]; nextCursor: string | null }> {
    const suspendedIds = filter.status ? [...(await this.#suspensions.suspendedIds())] : [];
    const page = await this.#auth.listUsersWithRole({
      role: 'merchant',
      q: filter.q,
      cursor: filter.cursor,
      limit: filter.limit,
      ...(filter.status === 'suspended' ? { onlyIds: suspendedIds } : {}),
      ...(filter.status === 'active' ? { exceptIds: suspendedIds } : {}),
    });
    return { items: await this.#merchantItems(page.items), nextCursor: page.nextCursor };
  }

  // ── Streams ──────────────────────────────────────────────────────────────────────────────

  /**
   * Stops a live show that breaks the rules, through the streams domain's own end: viewers see it
   * end (marked as moderation's), its media room closes, the KOL is told why and the show's open
   * reports are actioned. Throws NOT_FOUND, STREAM_NOT_LIVE.
   */
  async endStream(adminId: string, streamId: string, reason: string): Promise<EndedStreamView> {
    const stream = await this.#streams.getStreamRow(streamId);
    if (stream.status !== 'live') throw new AppError('STREAM_NOT_LIVE');
    const ended = await this.#db.transaction(async (tx) => {
      const row = await this.#streams.endLive(tx, streamId);
      // Its KOL ended it in the meantime.
      if (!row) throw new AppError('STREAM_NOT_LIVE');
      const target: TargetRef = { targetType: 'stream', targetId: streamId };
      await this.#reports.resolveTarget(tx, target, { status: 'actioned', note: reason, adminId });
      await this.#log.record(tx, { action: 'end_stream', ...target, targetTitle: row.title, reason, adminId });
      return row;
    });
    await this.#streams.announceEnded(ended, 'moderation');
    await this.#notifications.notifyMany([ended.kolId], 'stream_ended_by_moderation', { streamId, title: ended.title, reason });
    const endedAt = (ended.endedAt ?? this.#clock.now()).toISOString();
    return { id: ended.id, title: ended.title, kolId: ended.kolId, status: 'ended', endedAt, moderation: { reason, at: endedAt } };
  }

  // ── Reports ──────────────────────────────────────────────────────────────────────────────

  /** Dismisses every open report on the target; returns how many (0 when none was open). */
  async dismiss(adminId: string, target: TargetRef, note: string | null): Promise<number> {
    const found = await this.#targets.find(target).catch(() => undefined);
    return this.#db.transaction(async (tx) => {
      const dismissed = await this.#reports.resolveTarget(tx, target, { status: 'dismissed', note, adminId });
      // Nothing dismissed is no action: the log keeps what changed something.
      if (dismissed > 0) {
        await this.#log.record(tx, { action: 'dismiss', ...target, targetTitle: found?.title ?? target.targetId, reason: note, adminId });
      }
      return dismissed;
    });
  }

  async #merchantItem(merchant: PublicUser): Promise<MerchantItemView> {
    const [item] = await this.#merchantItems([merchant]);
    if (!item) throw new Error('merchant item missing');
    return item;
  }

  async #merchantItems(merchants: PublicUser[]): Promise<MerchantItemView[]> {
    const ids = merchants.map((m) => m.id);
    const [productCounts, reportCounts, suspensions] = await Promise.all([
      this.#catalog.countProductsOfMerchants(ids),
      this.#reports.countOpenOfMerchants(ids),
      this.#suspensions.suspensionsOf(ids),
    ]);
    return merchants.map((m) => ({
      id: m.id,
      displayName: m.displayName,
      email: m.email,
      createdAt: m.createdAt,
      productCount: productCounts.get(m.id) ?? 0,
      openReportCount: reportCounts.get(m.id) ?? 0,
      suspension: suspensions.get(m.id) ?? null,
    }));
  }
}

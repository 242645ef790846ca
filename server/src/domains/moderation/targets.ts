import type { ReportTargetType } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { AuthService } from '../auth/service.ts';
import type { CatalogService } from '../catalog/service.ts';
import type { StreamService } from '../streams/service.ts';
import type { ReportTargetView } from './schema.ts';
import type { MerchantSuspensions } from './suspensions.ts';

export interface TargetRef {
  targetType: ReportTargetType;
  targetId: string;
}

export const targetKey = (ref: TargetRef) => `${ref.targetType}|${ref.targetId}`;

/**
 * What can be reported, looked up through the domains that own it: a product (its merchant owns
 * it), a stream (its KOL) or a merchant account (the merchant).
 */
export class ReportTargets {
  readonly #catalog: CatalogService;
  readonly #streams: StreamService;
  readonly #auth: AuthService;
  readonly #suspensions: MerchantSuspensions;

  constructor(deps: { catalog: CatalogService; streams: StreamService; auth: AuthService; suspensions: MerchantSuspensions }) {
    this.#catalog = deps.catalog;
    this.#streams = deps.streams;
    this.#auth = deps.auth;
    this.#suspensions = deps.suspensions;
  }

  /** The target's owner and title. Throws NOT_FOUND (also for an account that is no merchant). */
  async find(ref: TargetRef): Promise<{ ownerId: string; title: string }> {
    switch (ref.targetType) {
      case 'product': {
        const product = await this.#catalog.getProduct(ref.targetId);
        return { ownerId: product.merchantId, title: product.title };
      }
      case 'stream': {
        const stream = await this.#streams.getStreamRow(ref.targetId);
        return { ownerId: stream.kolId, title: stream.title };
      }
      case 'merchant': {
        const merchant = await this.getMerchant(ref.targetId);
        return { ownerId: merchant.id, title: merchant.displayName };
      }
    }
  }

  /** A user holding the merchant role. Throws NOT_FOUND. */
  async getMerchant(userId: string) {
    const user = await this.#auth.getUser(userId).catch(() => undefined);
    if (!user?.roles.includes('merchant')) throw new AppError('NOT_FOUND', 'Merchant not found');
    return user;
  }

  /**
   * How the admins' queue shows each target, by `targetKey`: a few queries for a whole page. A
   * stream's `merchantId` and `merchantName` are its KOL's, the account behind it.
   */
  async describe(refs: readonly TargetRef[]): Promise<Map<string, ReportTargetView>> {
    const idsOf = (type: ReportTargetType) => refs.filter((r) => r.targetType === type).map((r) => r.targetId);
    const merchantIds = idsOf('merchant');
    const [products, streams, suspensions] = await Promise.all([
      this.#catalog.getProductCards(idsOf('product')),
      this.#streams.getStreamCards(idsOf('stream')),
      this.#suspensions.suspensionsOf(merchantIds),
    ]);
    const names = await this.#auth.getDisplayNames([
      ...merchantIds,
      ...[...products.values()].map((p) => p.merchantId),
      ...[...streams.values()].map((s) => s.kolId),
    ]);
    const described = new Map<string, ReportTargetView>();
    for (const ref of refs) {
      const view = this.#describeOne(ref, { products, streams, suspensions, names });
      if (view) described.set(targetKey(ref), view);
    }
    return described;
  }

  #describeOne(
    ref: TargetRef,
    found: {
      products: Awaited<ReturnType<CatalogService['getProductCards']>>;
      streams: Awaited<ReturnType<StreamService['getStreamCards']>>;
      suspensions: Map<string, unknown>;
      names: Map<string, string>;
    },
  ): ReportTargetView | undefined {
    const nameOf = (userId: string) => found.names.get(userId) ?? null;
    switch (ref.targetType) {
      case 'product': {
        const product = found.products.get(ref.targetId);
        return (
          product && {
            title: product.title,
            merchantId: product.merchantId,
            merchantName: nameOf(product.merchantId),
            status: product.status,
            url: `/products/${ref.targetId}`,
          }
        );
      }
      case 'stream': {
        const stream = found.streams.get(ref.targetId);
        return (
          stream && {
            title: stream.title,
            merchantId: stream.kolId,
            merchantName: nameOf(stream.kolId),
            status: stream.status,
            url: `/live/${ref.targetId}`,
          }
        );
      }
      case 'merchant': {
        const name = nameOf(ref.targetId);
        if (name === null) return undefined;
        return {
          title: name,
          merchantId: ref.targetId,
          merchantName: name,
          status: found.suspensions.has(ref.targetId) ? 'suspended' : 'active',
          url: null,
        };
      }
    }
  }
}

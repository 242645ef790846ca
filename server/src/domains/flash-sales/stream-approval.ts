import type { StreamApproval } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';

/**
 * What a sale aimed at a stream (a flash sale, a group offer) asks the streams domain: whose stream
 * it is, whether its KOL showcases the product there, and to note a product shown while it is live.
 */
export interface StreamConsentPort {
  /** The stream's KOL; null for an unknown stream. */
  kolOfStream(streamId: string): Promise<string | null>;
  isShowcased(streamId: string, productId: string): Promise<boolean>;
  recordIfLive(streamId: string, productIds: readonly string[]): Promise<void>;
}

/** What the stream's KOL may decide on a sale aimed at their stream. */
export type StreamDecision = 'accept' | 'decline' | 'remove';

/** Each decision, from the approvals it may be taken in, to the one it leaves. */
export const STREAM_DECISIONS: Readonly<Record<StreamDecision, { from: readonly StreamApproval[]; to: StreamApproval }>> = {
  accept: { from: ['proposed'], to: 'accepted' },
  decline: { from: ['proposed'], to: 'declined' },
  remove: { from: ['accepted'], to: 'removed' },
};

/**
 * A new sale's place in the stream it names: accepted at once when its merchant is the stream's KOL
 * or the KOL showcases the product there; otherwise a proposal for the KOL. Throws NOT_FOUND.
 */
export async function initialApproval(
  port: StreamConsentPort,
  sale: { streamId: string; merchantId: string; productId: string },
): Promise<StreamApproval> {
  const kolId = await port.kolOfStream(sale.streamId);
  if (!kolId) throw new AppError('NOT_FOUND', 'Stream not found');
  if (kolId === sale.merchantId || (await port.isShowcased(sale.streamId, sale.productId))) return 'accepted';
  return 'proposed';
}

/** The caller must be the KOL of the stream the sale names. Throws NOT_FOUND, FORBIDDEN. */
export async function assertStreamKol(port: StreamConsentPort, kolId: string, streamId: string | null): Promise<void> {
  if (!streamId) throw new AppError('NOT_FOUND', 'This sale is not aimed at a stream');
  const owner = await port.kolOfStream(streamId);
  if (!owner) throw new AppError('NOT_FOUND', 'Stream not found');
  if (owner !== kolId) throw new AppError('FORBIDDEN', "Only the stream's KOL may decide what is sold in it");
}

/**
 * The "for you" ranking, in one place: every weight and reason is here. Pure, so tests can feed
 * it seeded signals and read the order.
 */
export interface StreamCandidate {
  id: string;
  title: string;
  kolId: string;
  kolName: string;
  status: 'live' | 'scheduled';
  viewerCount: number;
  scheduledAt: string | null;
}

export interface ProductCandidate {
  id: string;
  title: string;
  category: string | null;
  priceCents: number;
  currency: string;
  imageUrl: string | null;
  unitsSoldThisWeek: number;
}

export interface UserSignals {
  followedKolIds: ReadonlySet<string>;
  purchasedCategories: ReadonlySet<string>;
  viewedCategories: ReadonlySet<string>;
}

export type FeedItem =
  | ({ type: 'stream'; score: number; reason: string } & StreamCandidate)
  | ({ type: 'product'; score: number; reason: string } & ProductCandidate);

export const WEIGHTS = {
  liveStream: 50,
  scheduledStream: 10,
  followedKol: 100,
  viewersLog10: 20,
  purchasedCategory: 40,
  viewedCategory: 20,
  salesLog10: 15,
} as const;

const popularity = (count: number, weight: number) => Math.log10(1 + count) * weight;

function rankStream(s: StreamCandidate, signals: UserSignals | undefined): FeedItem {
  const isFollowed = signals?.followedKolIds.has(s.kolId) ?? false;
  const score =
    (s.status === 'live' ? WEIGHTS.liveStream : WEIGHTS.scheduledStream) +
    (isFollowed ? WEIGHTS.followedKol : 0) +
    popularity(s.viewerCount, WEIGHTS.viewersLog10);
  const reason = isFollowed
    ? `Because you follow ${s.kolName}`
    : s.status === 'live'
      ? `Live now, ${s.viewerCount} watching`
      : 'Starting soon';
  return { type: 'stream', score, reason, ...s };
}

function rankProduct(p: ProductCandidate, signals: UserSignals | undefined): FeedItem {
  const isFamiliar = p.category !== null && (signals?.purchasedCategories.has(p.category) ?? false);
  const isViewed = !isFamiliar && p.category !== null && (signals?.viewedCategories.has(p.category) ?? false);
  const score =
    (isFamiliar ? WEIGHTS.purchasedCategory : 0) +
    (isViewed ? WEIGHTS.viewedCategory : 0) +
    popularity(p.unitsSoldThisWeek, WEIGHTS.salesLog10);
  const reason = isFamiliar
    ? `Because you bought ${p.category}`
    : isViewed
      ? `Because you looked at ${p.category}`
      : p.unitsSoldThisWeek > 0
        ? `${p.unitsSoldThisWeek} sold this week`
        : 'New in the shop';
  return { type: 'product', score, reason, ...p };
}

/** Highest score first; ties by type then id, so the order is deterministic. */
export function rankFeed(
  streams: StreamCandidate[],
  products: ProductCandidate[],
  signals: UserSignals | undefined,
  limit: number,
): FeedItem[] {
  return [...streams.map((s) => rankStream(s, signals)), ...products.map((p) => rankProduct(p, signals))]
    .sort((a, b) => b.score - a.score || a.type.localeCompare(b.type) || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((item) => ({ ...item, score: Math.round(item.score * 100) / 100 }));
}

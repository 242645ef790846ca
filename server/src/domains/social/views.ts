/** What the share-link API answers; the pages import these types too. */

export interface ShareLinkStats {
  code: string;
  url: string;
  streamId: string | null;
  productId: string | null;
  clicks: number;
  orders: number;
  earnedCents: number;
  createdAt: string;
}

/** What the catalog API answers; the pages import these types too. */

export interface ProductView {
  id: string;
  merchantId: string;
  title: string;
  description: string;
  category: string | null;
  priceCents: number;
  currency: string;
  stock: number;
  kolCommissionBps: number;
  imageUrl: string | null;
  status: string;
  /** Why an admin took it down (or suspended its merchant); null for a product nobody moderated. */
  moderation: ProductModeration | null;
  rating: { average: number | null; count: number };
  createdAt: string;
}

export interface ProductModeration {
  reason: string;
  at: string;
}

import type { ProductCandidate, StreamCandidate } from './ranking.ts';

/** What the viewer typed and picked on the home page; both optional. */
export interface FeedSearch {
  q?: string | undefined;
  category?: string | undefined;
}

const normalize = (text: string) => text.normalize('NFKC').toLocaleLowerCase();

/** Every word of the query appears somewhere in the texts (case- and width-insensitive). */
function matchesWords(query: string | undefined, texts: readonly (string | null)[]): boolean {
  if (!query) return true;
  const haystack = normalize(texts.filter(Boolean).join(' '));
  return normalize(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** Narrows the feed's candidates to a search; a category keeps only products of that category. */
export function searchCandidates(
  streams: readonly StreamCandidate[],
  products: readonly ProductCandidate[],
  search: FeedSearch,
): { streams: StreamCandidate[]; products: ProductCandidate[] } {
  return {
    streams: search.category ? [] : streams.filter((s) => matchesWords(search.q, [s.title, s.kolName])),
    products: products.filter((p) => (!search.category || p.category === search.category) && matchesWords(search.q, [p.title, p.category])),
  };
}

/** The categories of the products on offer, most common first. */
export function categoriesOf(products: readonly ProductCandidate[]): string[] {
  const counts = new Map<string, number>();
  for (const p of products) if (p.category) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([category]) => category);
}

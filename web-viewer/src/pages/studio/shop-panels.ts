import type { Session } from '../../lib/session.ts';
import { getStreamPage, ShowcaseEditor } from '../../lib/showcase-api.ts';
import { type LiveSocket, request } from '../../lib/socket.ts';
import { CommentFeed } from './comment-feed.ts';
import { ProductPanel } from './product-panel.ts';
import { SalesPanel } from './sales-panel.ts';
import { TopFans } from './top-fans.ts';

/**
 * The studio's selling tools under the preview: the shopping bag, live sales, the comment feed and top fans.
 * The studio joins the stream's room (on every connection) to get pins and comments live.
 */
export function mountShopPanels(
  slot: HTMLElement,
  options: { socket: LiveSocket; streamId: string; session: Session },
): { watchersBesidesMe(count: number): number } {
  const { socket, streamId, session } = options;
  const editor = new ShowcaseEditor(streamId, () => session.token);
  const products = new ProductPanel({ editor });
  const comments = new CommentFeed({ socket, streamId, editor, selfId: session.user.id });
  const fans = new TopFans({ kolId: session.user.id });
  const sales = new SalesPanel({ socket, streamId, token: () => session.token });
  slot.append(products.root, sales.root, comments.root, fans.root);

  // The server does not count the stream's own KOL among its viewers.
  const load = async () => {
    const { snapshot } = await request(socket, 'stream:join', { streamId });
    comments.reset(snapshot.recentComments);
    comments.setPinned(snapshot.pinnedComment ?? null);
    const page = await getStreamPage(streamId);
    products.load(page.showcase, page.pinnedProductId);
  };
  socket.on('connect', () => void load().catch(() => setTimeout(() => socket.connected && void load().catch(() => {}), 2000)));
  socket.on('pin:changed', (event) => {
    if (event.streamId === streamId) products.setPinned(event.product?.id ?? null);
  });
  return {
    watchersBesidesMe: (count) => count,
  };
}

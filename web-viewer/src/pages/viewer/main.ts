import type { StreamEndedBy } from '../../../../server/src/realtime/contract.ts';
import { AccountMenu } from '../../lib/account-menu.ts';
import { api, type StreamSummary } from '../../lib/api.ts';
import { CheckoutSheet } from '../../lib/checkout-sheet.ts';
import { byId, idFromPath } from '../../lib/dom.ts';
import { formatLiveFor } from '../../lib/format.ts';
import { type PlaybackStats, StreamSubscriber } from '../../lib/media-subscriber.ts';
import { NotificationsMenu } from '../../lib/notifications-menu.ts';
import { ReportDialog } from '../../lib/report-dialog.ts';
import { loadSession } from '../../lib/session.ts';
import { SignInDialog } from '../../lib/sign-in-dialog.ts';
import { connectLive, RequestError, request } from '../../lib/socket.ts';
import { Chat } from './chat.ts';
import { FlashSalePanel } from './flash-sale-panel.ts';
import { GroupBuyCard } from './group-buy-card.ts';
import { LikeButton } from './like-button.ts';
import { PlayerView, type StreamStatus } from './player-view.ts';
import { onBuyPinned, renderPinnedProduct } from './product-card.ts';
import { ShowcaseDrawer } from './showcase-drawer.ts';
import { SocialBar } from './social-bar.ts';

declare global {
  interface Window {
    /** Read-only playback figures for the end-to-end tests and for support. */
    streamcartViewer?: { stats(): Promise<PlaybackStats> };
  }
}

const streamId = idFromPath();
const title = byId('stream-title');
const subtitle = byId('stream-subtitle');

const socket = connectLive(() => loadSession()?.token);
const player = new PlayerView({ onQuality: (quality) => void subscriber.setQuality(quality).catch(() => {}) });
const subscriber = new StreamSubscriber({
  socket,
  streamId,
  video: player.video,
  onChange: (state) => player.setPlayback(state, subscriber.canPickQuality),
});
const chat = new Chat({ socket, streamId, onSessionChange: () => sessionChanged(), onReport: (target) => report.open(target) });
window.streamcartViewer = { stats: () => subscriber.stats() };
const flashSale = new FlashSalePanel({ root: byId('flash-sale'), session: loadSession });
const groupBuy = new GroupBuyCard({ streamId, session: loadSession });
byId('product-card').before(groupBuy.root);
const social = new SocialBar({ root: byId('stream-social'), streamId, session: loadSession });
const notifications = new NotificationsMenu({ slot: byId('header-actions'), socket, session: loadSession });
// Signing in or out here (or anywhere on the page) is one session change for every part.
const account = new AccountMenu({ slot: byId('header-actions'), onChange: () => sessionChanged() });
const checkout = new CheckoutSheet({ socket, session: loadSession, onSignedIn: () => sessionChanged() });
window.addEventListener(
  'streamcart:flash-sale-reserved',
  ({ detail }) => void checkout.open({ kind: 'hold', reservation: detail, streamId }),
);
onBuyPinned((product) => void checkout.open({ kind: 'product', product, streamId }));
const showcase = new ShowcaseDrawer({ streamId, onBuy: (product) => void checkout.open({ kind: 'product', product, streamId }) });
const signInDialog = new SignInDialog({ onSignedIn: () => sessionChanged() });
const likes = new LikeButton({
  socket,
  streamId,
  session: loadSession,
  askToSignIn: () => signInDialog.open('Sign in to like', 'Watching needs no account; liking does.'),
});
byId('engage-bar').append(showcase.button, likes.root);
/** The stream's host, known once joined: they are not offered to report their own show. */
let hostId: string | undefined;
const report = new ReportDialog({
  target: () => (hostId === undefined ? undefined : { targetType: 'stream', targetId: streamId, ownerId: hostId }),
  session: loadSession,
});
byId('stream-report').append(report.button);

/** Signing in or out needs a new connection (identity is fixed at the handshake), and each part shows the new user. */
function sessionChanged(): void {
  account.render();
  chat.renderSession();
  social.renderSession();
  notifications.renderSession();
  checkout.renderSession();
  report.renderSession();
  socket.disconnect().connect();
}

let status: StreamStatus = 'loading';
let startedAt: string | null = null;

function applyStatus(next: StreamStatus, options: { restartMedia?: boolean; endedBy?: StreamEndedBy | undefined } = {}): void {
  status = next;
  player.setStatus(next, options.endedBy);
  subtitle.textContent =
    next === 'live'
      ? formatLiveFor(startedAt)
      : next === 'scheduled'
        ? 'Starting soon'
        : options.endedBy === 'moderation'
          ? 'Ended by Streamcart'
          : '';
  if (next === 'ended' || next === 'missing') subscriber.stop();
  else if (options.restartMedia || subscriber.state === 'stopped') subscriber.start();
}

async function join(): Promise<void> {
  try {
    const { snapshot } = await request(socket, 'stream:join', { streamId, commentBatching: true });
    document.title = `${snapshot.stream.title} · Streamcart`;
    title.textContent = snapshot.stream.title;
    player.setViewerCount(snapshot.viewerCount);
    renderPinnedProduct(snapshot.pinnedProduct);
    showcase.setPinned(snapshot.pinnedProduct?.id ?? null);
    void showcase.refresh();
    likes.reset(snapshot.likeCount);
    social.setHost(snapshot.stream.kolId, snapshot.fanLevel);
    hostId = snapshot.stream.kolId;
    report.renderSession();
    void flashSale.showSale(snapshot.flashSale?.id).catch(() => {});
    void groupBuy.load().catch(() => {});
    chat.reset(snapshot.recentComments);
    chat.setPinned(snapshot.pinnedComment ?? null);
    api<StreamSummary>('GET', `/api/streams/${encodeURIComponent(streamId)}`).then(
      (stream) => {
        startedAt = stream.startedAt;
        if (status === 'live') subtitle.textContent = formatLiveFor(startedAt);
        // The join snapshot does not say who ended the show; the stream row does.
        else if (status === 'ended' && stream.endedBy) applyStatus('ended', { endedBy: stream.endedBy });
      },
      () => {},
    );
    // Each connection has its own media on the server, so a new connection starts media over.
    applyStatus(snapshot.stream.status as StreamStatus, { restartMedia: true });
  } catch (error) {
    if (error instanceof RequestError && error.code === 'NOT_FOUND') {
      title.textContent = 'Stream not found';
      applyStatus('missing');
    } else {
      setTimeout(() => void join(), 2000);
    }
  }
}

socket.on('connect', () => {
  player.setOnline(true);
  void join();
});
socket.on('disconnect', () => player.setOnline(false));
socket.on('viewers:count', (event) => {
  if (event.streamId === streamId) player.setViewerCount(event.count);
});
socket.on('stream:status', (event) => {
  if (event.streamId !== streamId || event.status === status) return;
  if (event.status === 'live') startedAt = new Date().toISOString();
  applyStatus(event.status as StreamStatus, { endedBy: event.endedBy });
});
socket.on('flashsale:update', (event) => flashSale.onUpdate(event));
socket.on('group:update', (event) => groupBuy.onUpdate(event));
socket.on('showcase:changed', (event) => {
  if (event.streamId === streamId) void showcase.refresh();
});
socket.on('pin:changed', (event) => {
  if (event.streamId !== streamId) return;
  renderPinnedProduct(event.product);
  showcase.setPinned(event.product?.id ?? null);
});
setInterval(() => {
  if (status === 'live') subtitle.textContent = formatLiveFor(startedAt);
}, 30_000);

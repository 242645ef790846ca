/// <reference types="vite/client" />
import type { StreamEndedBy } from '../../../../server/src/realtime/contract.ts';
import { AccountMenu } from '../../lib/account-menu.ts';
import { api, type StreamSummary } from '../../lib/api.ts';
import { CheckoutSheet } from '../../lib/checkout-sheet.ts';
import { byId, h, idFromPath } from '../../lib/dom.ts';
import { formatLiveFor } from '../../lib/format.ts';
import { type PlaybackStats, StreamSubscriber } from '../../lib/media-subscriber.ts';
import { NotificationsMenu } from '../../lib/notifications-menu.ts';
import { ReportDialog } from '../../lib/report-dialog.ts';
import { loadSession } from '../../lib/session.ts';
import { SignInDialog } from '../../lib/sign-in-dialog.ts';
import { connectLive, RequestError, request } from '../../lib/socket.ts';
import { Chat } from './chat.ts';
import { ChatAnnouncer } from './chat-announcer.ts';
import { FlashSalePanel } from './flash-sale-panel.ts';
import { GroupBuyCard } from './group-buy-card.ts';
import { LikeButton } from './like-button.ts';
import { LiveSwipe } from './live-swipe.ts';
import { PlayerView, type StreamStatus } from './player-view.ts';
import { PinnedCard } from './product-card.ts';
import { PurchaseLine, purchaseText } from './purchase-line.ts';
import { ShowcaseDrawer } from './showcase-drawer.ts';
import { SocialBar } from './social-bar.ts';
import '../../styles/live-room.css';

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
const player = new PlayerView({
  onQuality: (quality) => void subscriber.setQuality(quality).catch(() => {}),
  onShop: () => showcase.open(),
});
const subscriber = new StreamSubscriber({
  socket,
  streamId,
  video: player.video,
  onChange: (state) => player.setPlayback(state, subscriber.canPickQuality),
});
/** What a sign-in asked for by an action (a flash-sale Buy) does once it succeeds. */
let afterSignIn: (() => void) | undefined;
const signInDialog = new SignInDialog({ onSignedIn: () => sessionChanged() });
function askToSignIn(title: string, hint: string, then?: () => void): void {
  afterSignIn = then;
  signInDialog.open(title, hint);
}
const announcer = new ChatAnnouncer({ myName: () => loadSession()?.user.displayName });
const chat = new Chat({
  socket,
  streamId,
  onSessionChange: () => sessionChanged(),
  onReport: (target) => report.open(target),
  askToSignIn: () => askToSignIn('Sign in to chat', 'Watching needs no account; chatting does.'),
  announcer,
});
window.streamcartViewer = { stats: () => subscriber.stats() };
const pinned = new PinnedCard({
  onBuy: (product) => void checkout.open({ kind: 'product', product, streamId }),
  onBuyFlash: () => void flashSale.reserve(),
});
let saleOfferKey = '';
const flashSale = new FlashSalePanel({
  root: byId('flash-sale'),
  session: loadSession,
  askToSignIn: () =>
    askToSignIn(
      'Sign in to buy',
      'The sale keeps counting while you sign in; your units are reserved right after.',
      () => void flashSale.reserve(),
    ),
  // The pinned card offers the sale's price while the sale runs on the pinned product.
  onChange: (panel) => {
    const offer = panel.offerFor(pinned.productId);
    const key = JSON.stringify(offer ?? null);
    if (key === saleOfferKey) return;
    saleOfferKey = key;
    pinned.setSaleOffer(offer);
  },
});
const groupBuy = new GroupBuyCard({
  streamId,
  session: loadSession,
  askToSignIn: () => askToSignIn('Sign in to join the group', 'Watching needs no account; buying with a group does.'),
});
byId('product-card').before(groupBuy.root);
const social = new SocialBar({
  root: byId('stream-social'),
  streamId,
  session: loadSession,
  askToSignIn: (title, hint) => askToSignIn(title, hint),
});
const purchaseLine = new PurchaseLine();
const notifications = new NotificationsMenu({ slot: byId('header-actions'), socket, session: loadSession });
// Signing in or out here (or anywhere on the page) is one session change for every part.
const account = new AccountMenu({ slot: byId('header-actions'), onChange: () => sessionChanged() });
const checkout = new CheckoutSheet({ socket, session: loadSession, onSignedIn: () => sessionChanged() });
window.addEventListener(
  'streamcart:flash-sale-reserved',
  ({ detail }) => void checkout.open({ kind: 'hold', reservation: detail, streamId }),
);
const showcase = new ShowcaseDrawer({
  streamId,
  onBuy: (product) => void checkout.open({ kind: 'product', product, streamId }),
  onChange: (count) => player.setHasProducts(count > 0),
});
const likes = new LikeButton({
  socket,
  streamId,
  session: loadSession,
  askToSignIn: () => askToSignIn('Sign in to like', 'Watching needs no account; liking does.'),
});
// On a phone the engage bar is the bottom bar, beside the comment box: share, like, bag.
const SHARE_ICON = 'M12 3v12M7 8l5-5 5 5M5 13v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6';
const shareButton = h('button', { className: 'bar-button', attrs: { id: 'bar-share', type: 'button', 'aria-label': 'Share this show' } });
shareButton.innerHTML = `<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="${SHARE_ICON}" /></svg>`;
shareButton.addEventListener('click', () => void social.share());
byId('engage-bar').append(shareButton, likes.root, showcase.button);
const swipe = new LiveSwipe({ surface: byId('player').closest('main') ?? document.body, streamId, hint: byId('swipe-hint') });
/** The stream's host, known once joined: they are not offered to report their own show. */
let hostId: string | undefined;
const report = new ReportDialog({
  target: () => (hostId === undefined ? undefined : { targetType: 'stream', targetId: streamId, ownerId: hostId }),
  session: loadSession,
});
byId('stream-report').append(report.button);

/** Signing in or out needs a new connection (identity is fixed at the handshake), and each part shows the new user. */
function sessionChanged(): void {
  const then = loadSession() ? afterSignIn : undefined;
  afterSignIn = undefined;
  account.render();
  chat.renderSession();
  social.renderSession();
  notifications.renderSession();
  checkout.renderSession();
  report.renderSession();
  socket.disconnect().connect();
  then?.();
}

let status: StreamStatus = 'loading';
let startedAt: string | null = null;

function applyStatus(next: StreamStatus, options: { restartMedia?: boolean; endedBy?: StreamEndedBy | undefined } = {}): void {
  status = next;
  player.setStatus(next, options.endedBy);
  // After the show: no Buy on the video; its products stay in "Shop this show".
  pinned.setOver(next === 'ended');
  showcase.setOver(next === 'ended');
  if (next === 'live') void swipe.offerHint();
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
    pinned.setProduct(snapshot.pinnedProduct);
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
  pinned.setProduct(event.product);
  showcase.setPinned(event.product?.id ?? null);
});
socket.on('product:stock', (event) => {
  if (event.streamId !== streamId) return;
  pinned.setStock(event.productId, event.stock);
  showcase.setStock(event.productId, event.stock);
});
socket.on('purchase:new', (event) => {
  if (event.streamId !== streamId) return;
  purchaseLine.show(event);
  announcer.purchase(purchaseText(event));
});
setInterval(() => {
  if (status === 'live') subtitle.textContent = formatLiveFor(startedAt);
}, 30_000);

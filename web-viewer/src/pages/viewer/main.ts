import { api, type StreamSummary } from '../../lib/api.ts';
import { byId, idFromPath } from '../../lib/dom.ts';
import { formatLiveFor } from '../../lib/format.ts';
import { type PlaybackStats, StreamSubscriber } from '../../lib/media-subscriber.ts';
import { loadSession } from '../../lib/session.ts';
import { connectLive, RequestError, request } from '../../lib/socket.ts';
import { Chat } from './chat.ts';
import { FlashSalePanel } from './flash-sale-panel.ts';
import { PlayerView, type StreamStatus } from './player-view.ts';
import { renderPinnedProduct } from './product-card.ts';

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
// Signing in or out needs a new connection (identity is fixed at the handshake).
const chat = new Chat({ socket, streamId, onSessionChange: () => socket.disconnect().connect() });
window.streamcartViewer = { stats: () => subscriber.stats() };
const flashSale = new FlashSalePanel({ root: byId('flash-sale'), session: loadSession });

let status: StreamStatus = 'loading';
let startedAt: string | null = null;

function applyStatus(next: StreamStatus, options: { restartMedia?: boolean } = {}): void {
  status = next;
  player.setStatus(next);
  subtitle.textContent = next === 'live' ? formatLiveFor(startedAt) : next === 'scheduled' ? 'Starting soon' : '';
  if (next === 'ended' || next === 'missing') subscriber.stop();
  else if (options.restartMedia || subscriber.state === 'stopped') subscriber.start();
}

async function join(): Promise<void> {
  try {
    const { snapshot } = await request(socket, 'stream:join', { streamId });
    document.title = `${snapshot.stream.title} · Streamcart`;
    title.textContent = snapshot.stream.title;
    player.setViewerCount(snapshot.viewerCount);
    renderPinnedProduct(snapshot.pinnedProduct);
    void flashSale.showSale(snapshot.flashSale?.id).catch(() => {});
    chat.reset(snapshot.recentComments);
    api<StreamSummary>('GET', `/api/streams/${encodeURIComponent(streamId)}`).then(
      (stream) => {
        startedAt = stream.startedAt;
        if (status === 'live') subtitle.textContent = formatLiveFor(startedAt);
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
  applyStatus(event.status as StreamStatus);
});
socket.on('flashsale:update', (event) => flashSale.onUpdate(event));
socket.on('pin:changed', (event) => {
  if (event.streamId === streamId) renderPinnedProduct(event.product);
});
setInterval(() => {
  if (status === 'live') subtitle.textContent = formatLiveFor(startedAt);
}, 30_000);

import { ApiError, api, type StreamSummary } from '../../lib/api.ts';
import { byId, h, idFromPath, show } from '../../lib/dom.ts';
import { mountLoginForm } from '../../lib/login-form.ts';
import { type PublishState, type PublishStats, StreamPublisher } from '../../lib/media-publisher.ts';
import { loadSession, type Session, signOut } from '../../lib/session.ts';
import { connectLive } from '../../lib/socket.ts';
import { mountCodecPicker } from './codec-picker.ts';
import { DevicePicker, type Orientation } from './devices.ts';
import { EndShowDialog } from './end-dialog.ts';
import { ModerationEndNotice } from './moderation-end.ts';
import { PosterUploader } from './poster-uploader.ts';
import { ProposalsPanel } from './proposals-panel.ts';
import { mountShopPanels } from './shop-panels.ts';
import { loadShowSummary, summaryFigures } from './show-summary.ts';
import { startStatsPanel } from './stats-panel.ts';

declare global {
  interface Window {
    /** Read-only publishing figures for the end-to-end tests and for support. */
    streamcartStudio?: { stats(): Promise<PublishStats> };
  }
}

type StreamStatus = StreamSummary['status'];

const streamId = idFromPath();
const loginSlot = byId('login-slot');
const errorBox = byId('studio-error');
const studio = byId('studio');
const userLabel = byId('studio-user');
const signOutButton = byId('sign-out', HTMLButtonElement);
const goLive = byId('go-live', HTMLButtonElement);
const endStream = byId('end-stream', HTMLButtonElement);
const liveBadge = byId('live-badge');
const publishState = byId('publish-state');
const statusText = byId('stream-status-text');
const previewOverlay = byId('preview-overlay');
const previewOverlayTitle = byId('preview-overlay-title');
const publishError = byId('publish-error');
const summarySlot = byId('show-summary');

const PUBLISH_LABELS: Record<PublishState, string> = {
  offline: 'Offline',
  connecting: 'Connecting…',
  live: 'Sending video',
  reconnecting: 'Reconnecting…',
};

function showError(message: string): void {
  errorBox.textContent = message;
  show(errorBox, true);
}

function askToSignIn(hint: string): void {
  show(studio, false);
  mountLoginForm(loginSlot, {
    title: 'Sign in to your studio',
    hint,
    onSignedIn: (session) => {
      show(errorBox, false);
      void open(session);
    },
  });
}

signOutButton.addEventListener('click', () => {
  signOut();
  location.reload();
});

/** Loads the stream for its KOL and wires camera, publisher and buttons. */
async function open(session: Session): Promise<void> {
  userLabel.textContent = session.user.displayName;
  show(signOutButton, true);
  let stream: StreamSummary;
  try {
    stream = await api<StreamSummary>('GET', `/api/streams/${encodeURIComponent(streamId)}`);
  } catch (error) {
    showError(
      error instanceof ApiError && error.status === 404
        ? 'There is no stream with this link.'
        : 'Could not load the stream; reload to try again.',
    );
    return;
  }
  if (stream.kolId !== session.user.id) {
    signOut();
    askToSignIn('This stream belongs to another KOL: sign in with the account that created it.');
    return;
  }

  show(studio, true);
  byId('stream-title').textContent = stream.title;
  document.title = `${stream.title} · Studio · Streamcart`;
  const viewerLink = byId('viewer-link', HTMLAnchorElement);
  viewerLink.href = `/live/${encodeURIComponent(streamId)}`;
  viewerLink.textContent = `${location.origin}/live/${streamId}`;

  const socket = connectLive(() => session.token);
  const shopSlot = byId('studio-shop');
  show(shopSlot, true);
  const shop = mountShopPanels(shopSlot, { socket, streamId, session });
  shopSlot.append(new ProposalsPanel({ streamId, token: () => session.token }).root);
  let status: StreamStatus = stream.status;
  let online = false;
  // Nothing is sent before the KOL clicks Go live (or Resume broadcast, reopening a live show's studio).
  let broadcasting = false;
  let publishProblem: string | undefined;
  let busy = false;
  const moderationEnd = new ModerationEndNotice({ socket, streamId, session, onEnded: () => endedElsewhere() });
  statusText.after(moderationEnd.element);

  const render = () => {
    const state = publisher.state;
    document.body.dataset.streamStatus = status;
    document.body.dataset.publishing = state;
    document.body.dataset.broadcasting = String(broadcasting);
    if (moderationEnd.isEnded) document.body.dataset.endedBy = 'moderation';
    show(liveBadge, status === 'live' && state === 'live');
    publishState.textContent =
      status === 'ended' ? 'Off air' : !broadcasting ? 'Preview only' : online ? PUBLISH_LABELS[state] : 'Offline: reconnecting…';
    show(goLive, status !== 'ended' && !broadcasting);
    goLive.textContent = publishProblem && !broadcasting ? 'Try again' : status === 'live' ? 'Resume broadcast' : 'Go live';
    goLive.disabled = !devices.hasTracks || busy;
    show(endStream, status === 'live');
    endStream.disabled = status !== 'live' || busy;
    publishError.textContent = publishProblem
      ? `Your video is not reaching viewers (${publishProblem}). ${broadcasting ? 'Trying again…' : 'Viewers do not see the show as live until it does.'}`
      : '';
    show(publishError, publishProblem !== undefined && status !== 'ended');
    for (const select of [cameraSelect, micSelect, codecSelect]) select.disabled = status === 'ended' || select.options.length === 0;
    statsPanel.refresh();
    statusText.textContent =
      status === 'scheduled'
        ? 'Not live yet. Check your camera, then go live.'
        : status === 'ended'
          ? 'This stream has ended.'
          : !broadcasting
            ? 'Your show is started, but nothing is sent: this is a preview. Resume the broadcast to go on air.'
            : state === 'live'
              ? 'You are live.'
              : 'Connecting your camera… Viewers see you as live once your video arrives.';
    const ended = moderationEnd.isEnded ? 'Ended by Streamcart' : 'Stream ended';
    const overlay = status === 'ended' ? ended : broadcasting && state !== 'live' ? PUBLISH_LABELS[state] : '';
    previewOverlayTitle.textContent = overlay;
    show(previewOverlay, overlay !== '');
  };

  const publisher = new StreamPublisher({
    socket,
    streamId,
    onChange: (state) => {
      if (state === 'live') publishProblem = undefined;
      render();
    },
    // A first publish that fails stops, says why and offers the button again; once on air, it keeps trying.
    onError: (message, state) => {
      publishProblem = message;
      if (state === 'connecting') {
        broadcasting = false;
        publisher.stop();
      }
      render();
    },
  });
  const cameraSelect = byId('camera-select', HTMLSelectElement);
  const micSelect = byId('mic-select', HTMLSelectElement);
  const codecSelect = byId('codec-select', HTMLSelectElement);
  const devices = new DevicePicker({
    camera: cameraSelect,
    mic: micSelect,
    preview: byId('preview', HTMLVideoElement),
    onTrack: (kind, track) => void publisher.setTrack(kind, track).catch(() => showError('Could not switch the device.')),
  });
  mountCodecPicker(codecSelect, publisher);
  const orientationSelect = byId('orientation-select', HTMLSelectElement);
  orientationSelect.addEventListener('change', () => {
    devices.setOrientation(orientationSelect.value as Orientation).catch(() => showError('Could not switch the camera to that shape.'));
  });
  window.streamcartStudio = { stats: () => publisher.stats() };
  const statsPanel = startStatsPanel(() => publisher.stats());
  // The feed's live card shows a frame of this preview while video is on air.
  new PosterUploader({
    streamId,
    video: () => byId('preview', HTMLVideoElement),
    token: () => session.token,
    isLive: () => status === 'live' && publisher.state === 'live',
  }).start();

  // Every connection has its own media on the server, so each (re)connection publishes anew, once the KOL chose to broadcast.
  const publishIfLive = () => {
    if (broadcasting && status === 'live' && online && devices.hasTracks) publisher.start();
  };
  const showSummary = () => {
    loadShowSummary(streamId, session.token).then(
      (summary) => {
        summarySlot.replaceChildren(
          h('h2', { attrs: { id: 'show-summary-title' } }, 'Show summary'),
          h('p', { className: 'muted small' }, 'What your show did, counted from paid orders (refunds and cancellations left out).'),
          summaryFigures(summary),
          h('a', { className: 'button button-outline', attrs: { href: '/' } }, 'Back to the home page'),
        );
        show(summarySlot, true);
        summarySlot.scrollIntoView({ block: 'start' });
      },
      () => showError('Could not load the show summary; reload to try again.'),
    );
  };
  socket.on('connect', () => {
    online = true;
    render();
    publishIfLive();
  });
  socket.on('disconnect', () => {
    online = false;
    render();
  });
  // The show ended without this page's button: Streamcart's moderation stopped it (or the KOL, in another tab).
  const endedElsewhere = () => {
    if (status !== 'ended') {
      status = 'ended';
      broadcasting = false;
      publisher.stop();
      devices.stop();
      showSummary();
    }
    render();
  };
  socket.on('stream:status', (event) => {
    if (event.streamId !== streamId || event.status !== 'ended') return;
    if (event.endedBy === 'moderation') moderationEnd.ended();
    endedElsewhere();
  });
  socket.on('viewers:count', (event) => {
    if (event.streamId === streamId) byId('stat-viewers').textContent = String(shop.watchersBesidesMe(event.count));
  });

  goLive.addEventListener('click', () => {
    busy = true;
    publishProblem = undefined;
    show(errorBox, false);
    render();
    const started =
      status === 'scheduled'
        ? api<StreamSummary>('POST', `/api/streams/${encodeURIComponent(streamId)}/start`, { token: session.token })
        : Promise.resolve(undefined);
    started.then(
      (updated) => {
        busy = false;
        if (updated) status = updated.status;
        broadcasting = status === 'live';
        render();
        publishIfLive();
      },
      (error: unknown) => {
        busy = false;
        showError(error instanceof ApiError ? error.message : 'Could not go live; try again.');
        render();
      },
    );
  });
  const endDialog = new EndShowDialog();
  endStream.addEventListener('click', () => {
    void endDialog
      .ask(async () => {
        const updated = await api<StreamSummary>('POST', `/api/streams/${encodeURIComponent(streamId)}/end`, { token: session.token });
        status = updated.status;
        broadcasting = false;
        publisher.stop();
        devices.stop();
        render();
      })
      .then((ended) => ended && showSummary());
  });

  if (status === 'ended') {
    void moderationEnd.lookUp();
    showSummary();
  } else {
    try {
      await devices.start();
    } catch (error) {
      showError(`Camera and microphone are not available: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  render();
  publishIfLive();
}

const session = loadSession();
if (session?.user.roles.includes('kol')) void open(session);
else askToSignIn('Use the KOL account that created this stream.');

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../../test/factories.ts';
import { eventually, startTestEngine, type TestEngine } from '../../../test/harness.ts';
import { type LiveClient, nextEvent, request } from '../../../test/live-client.ts';

// What a browser would send for one VP8 track; mediasoup accepts it before DTLS is up.
const VIDEO_RTP_PARAMETERS = {
  codecs: [
    {
      mimeType: 'video/VP8',
      payloadType: 96,
      clockRate: 90000,
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
    },
  ],
  headerExtensions: [],
  encodings: [{ ssrc: 22_222_222 }],
  rtcp: { cname: 'studio' },
};
const AUDIO_RTP_PARAMETERS = {
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }],
  encodings: [{ ssrc: 11_111_111 }],
  rtcp: { cname: 'studio' },
};

const SCRAPER_TOKEN = 'scraper-token-for-the-tests';

describe('media signalling on a real mediasoup worker', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ withMedia: true, env: { METRICS_TOKEN: SCRAPER_TOKEN } });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const worker = () => {
    const slot = engine.media?.pool.slots[0];
    if (!slot) throw new Error('no media worker');
    return slot.worker;
  };

  /** A KOL with a live stream, publishing audio and video on a send transport. */
  async function liveStreamWithPublisher() {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token);
    await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    const studio = await engine.connect(kol.token);
    const caps = await request(studio, 'media:capabilities', { streamId: stream.id });
    expect(caps.ok).toBe(true);
    const send = await request(studio, 'media:transport', { streamId: stream.id, direction: 'send' });
    expect(send).toMatchObject({ ok: true, id: expect.any(String), iceCandidates: expect.any(Array) });
    const video = await request(studio, 'media:produce', { transportId: send.id, kind: 'video', rtpParameters: VIDEO_RTP_PARAMETERS });
    const audio = await request(studio, 'media:produce', { transportId: send.id, kind: 'audio', rtpParameters: AUDIO_RTP_PARAMETERS });
    expect(video.ok && audio.ok).toBe(true);
    return { kol, stream, studio, rtpCapabilities: caps.rtpCapabilities, producerIds: [video.producerId, audio.producerId] };
  }

  async function joinAsViewer(streamId: string): Promise<{ socket: LiveClient; transportId: string }> {
    const socket = await engine.connect();
    expect((await request(socket, 'stream:join', { streamId })).ok).toBe(true);
    expect((await request(socket, 'media:capabilities', { streamId })).ok).toBe(true);
    const recv = await request(socket, 'media:transport', { streamId, direction: 'recv' });
    expect(recv.ok).toBe(true);
    return { socket, transportId: recv.id };
  }

  it('answers a malformed media request with VALIDATION_FAILED', async () => {
    const socket = await engine.connect();
    const answers = await Promise.all([
      request(socket, 'media:capabilities', {}),
      request(socket, 'media:transport', { streamId: 'x', direction: 'sideways' }),
      request(socket, 'media:produce', { transportId: 'x', kind: 'video', rtpParameters: { codecs: [] } }),
      request(socket, 'media:connect', { transportId: 'x', dtlsParameters: 'nope' }),
    ]);
    for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    socket.disconnect();
  });

  it('lets only the stream KOL open a send transport, and only viewers who joined open a recv transport', async () => {
    const kol = await make.user(['kol']);
    const otherKol = await make.user(['kol']);
    const stream = await make.stream(kol.token);
    const intruder = await engine.connect(otherKol.token);
    const stranger = await engine.connect();

    expect(await request(intruder, 'media:transport', { streamId: stream.id, direction: 'send' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await request(stranger, 'media:transport', { streamId: stream.id, direction: 'recv' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await request(stranger, 'media:capabilities', { streamId: 'no-such-stream' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    intruder.disconnect();
    stranger.disconnect();
  });

  it('refuses to publish before the stream is live', async () => {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token);
    const studio = await engine.connect(kol.token);
    const send = await request(studio, 'media:transport', { streamId: stream.id, direction: 'send' });
    const produced = await request(studio, 'media:produce', { transportId: send.id, kind: 'video', rtpParameters: VIDEO_RTP_PARAMETERS });
    expect(produced).toMatchObject({ ok: false, error: { code: 'STREAM_NOT_LIVE', message: 'Go live before publishing' } });
    studio.disconnect();
  });

  it('gives a viewer paused consumers for the live producers and pushes producers published later', async () => {
    const { stream, studio, producerIds } = await liveStreamWithPublisher();
    const viewer = await joinAsViewer(stream.id);
    const caps = await request(viewer.socket, 'media:capabilities', { streamId: stream.id });

    const consumed = await request(viewer.socket, 'media:consume', {
      transportId: viewer.transportId,
      rtpCapabilities: caps.rtpCapabilities,
    });
    expect(consumed.ok).toBe(true);
    expect(consumed.consumers.map((c: { producerId: string }) => c.producerId).sort()).toEqual([...producerIds].sort());
    const videoConsumer = consumed.consumers.find((c: { kind: string }) => c.kind === 'video');
    expect((await request(viewer.socket, 'media:resume', { consumerId: videoConsumer.id })).ok).toBe(true);
    expect((await request(viewer.socket, 'media:set-layers', { consumerId: videoConsumer.id, spatialLayer: 0 })).ok).toBe(true);

    // Consuming again gives nothing new; a republished track arrives as producer-added + consume.
    const again = await request(viewer.socket, 'media:consume', { transportId: viewer.transportId, rtpCapabilities: caps.rtpCapabilities });
    expect(again.consumers).toEqual([]);
    const closed = nextEvent(viewer.socket, 'media:producer-closed', (p) => p.producerId === producerIds[0]);
    const added = nextEvent(viewer.socket, 'media:producer-added', (p) => p.kind === 'video');
    const send = await request(studio, 'media:transport', { streamId: stream.id, direction: 'send' });
    const republished = await request(studio, 'media:produce', {
      transportId: send.id,
      kind: 'video',
      rtpParameters: VIDEO_RTP_PARAMETERS,
    });
    expect(await added).toEqual({ streamId: stream.id, producerId: republished.producerId, kind: 'video' });
    await closed;
    const fresh = await request(viewer.socket, 'media:consume', { transportId: viewer.transportId, rtpCapabilities: caps.rtpCapabilities });
    expect(fresh.consumers.map((c: { producerId: string }) => c.producerId)).toEqual([republished.producerId]);

    studio.disconnect();
    viewer.socket.disconnect();
  });

  it('does not let a viewer use another socket’s transport', async () => {
    const { stream, studio } = await liveStreamWithPublisher();
    const viewer = await joinAsViewer(stream.id);
    const other = await joinAsViewer(stream.id);
    const caps = await request(other.socket, 'media:capabilities', { streamId: stream.id });
    const stolen = await request(other.socket, 'media:consume', { transportId: viewer.transportId, rtpCapabilities: caps.rtpCapabilities });
    expect(stolen).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const socket of [studio, viewer.socket, other.socket]) socket.disconnect();
  });

  /** Waits until the worker holds no router (the sockets of earlier tests close asynchronously). */
  const idleWorkerDump = () =>
    eventually(
      () => worker().dump(),
      (dump) => dump.routerIds.length === 0,
    );

  it('leaks no router, transport, producer or consumer once every socket has left', async () => {
    const baseline = await idleWorkerDump();
    const { stream, studio, rtpCapabilities } = await liveStreamWithPublisher();
    const viewers = await Promise.all([1, 2, 3].map(() => joinAsViewer(stream.id)));
    for (const viewer of viewers) {
      const consumed = await request(viewer.socket, 'media:consume', { transportId: viewer.transportId, rtpCapabilities });
      expect(consumed.consumers).toHaveLength(2);
    }

    const room = engine.media?.getRoom(stream.id);
    const during = await room?.router.dump();
    expect(during?.transportIds).toHaveLength(4);
    expect(Object.keys(during?.mapProducerIdConsumerIds ?? {})).toHaveLength(2);
    expect(Object.keys(during?.mapConsumerIdProducerId ?? {})).toHaveLength(6);

    // One viewer leaves the stream, one disconnects, one stays until the KOL has gone.
    const [leaving, disconnecting, staying] = viewers;
    leaving?.socket.emit('stream:leave', { streamId: stream.id });
    disconnecting?.socket.disconnect();
    await eventually(
      async () => (await room?.router.dump())?.transportIds.length,
      (n) => n === 2,
    );
    studio.disconnect();
    staying?.socket.disconnect();
    leaving?.socket.disconnect();

    const after = await idleWorkerDump();
    expect(engine.mediaSignalling?.peerCount()).toBe(0);
    expect(engine.media?.getRoom(stream.id)).toBeUndefined();
    // Every transport, producer and consumer has a request handler in the worker while it lives.
    expect(after.channelMessageHandlers.channelRequestHandlers.sort()).toEqual(
      baseline.channelMessageHandlers.channelRequestHandlers.sort(),
    );
    expect(after.channelMessageHandlers.channelNotificationHandlers).toEqual(baseline.channelMessageHandlers.channelNotificationHandlers);
  });

  it('closes the room when the KOL ends the stream; viewers hear producer-closed and the end', async () => {
    const { kol, stream, studio, rtpCapabilities } = await liveStreamWithPublisher();
    const viewer = await joinAsViewer(stream.id);
    await request(viewer.socket, 'media:consume', { transportId: viewer.transportId, rtpCapabilities });
    const room = engine.media?.getRoom(stream.id);

    const producerClosed = nextEvent(viewer.socket, 'media:producer-closed');
    const ended = nextEvent(viewer.socket, 'stream:status', (s) => s.status === 'ended');
    expect((await engine.http('POST', `/api/streams/${stream.id}/end`, { token: kol.token })).status).toBe(200);
    await Promise.all([producerClosed, ended]);
    await eventually(
      async () => room?.closed,
      (closed) => closed === true,
    );
    expect(engine.media?.getRoom(stream.id)).toBeUndefined();
    expect(await request(viewer.socket, 'media:capabilities', { streamId: stream.id })).toMatchObject({
      ok: false,
      error: { code: 'STREAM_NOT_LIVE', message: 'The stream has ended' },
    });
    studio.disconnect();
    viewer.socket.disconnect();
  });

  it('serves Prometheus metrics only to the scraper token and admins', async () => {
    const metrics = (token?: string) => fetch(`${engine.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
    const anonymous = await metrics();
    expect([anonymous.status, await codeOf(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
    const wrong = await metrics('not-the-scraper-token');
    expect([wrong.status, await codeOf(wrong)]).toEqual([401, 'UNAUTHENTICATED']);
    const viewer = await metrics((await make.user(['viewer'])).token);
    expect([viewer.status, await codeOf(viewer)]).toEqual([403, 'FORBIDDEN']);
    const someone = await make.user(['viewer']);
    const admin = await metrics(await engine.services.tokens.sign({ userId: someone.user.id, roles: ['admin'] }));
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('streamcart_mediasoup_workers 1');
  });

  it('serves Prometheus metrics with the objects on each worker', async () => {
    const { stream, studio } = await liveStreamWithPublisher();
    const response = await fetch(`${engine.url}/metrics`, { headers: { authorization: `Bearer ${SCRAPER_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('streamcart_mediasoup_workers 1');
    expect(text).toMatch(/streamcart_mediasoup_routers\{worker="0"\} 1/);
    expect(text).toMatch(/streamcart_mediasoup_transports\{worker="0"\} 1/);
    expect(text).toMatch(/streamcart_mediasoup_producers\{worker="0"\} 2/);
    expect(text).toMatch(/streamcart_mediasoup_consumers\{worker="0"\} 0/);
    expect(text).toMatch(/streamcart_mediasoup_worker_cpu_seconds_total\{worker="0"\} [0-9.e-]+/);
    studio.disconnect();
    await eventually(
      async () => engine.media?.getRoom(stream.id),
      (room) => room === undefined,
    );
  });

  it('tells the stream to restart its media once a killed worker is replaced', async () => {
    const { stream, studio } = await liveStreamWithPublisher();
    const viewer = await joinAsViewer(stream.id);
    const studioRestart = nextEvent(studio, 'media:restart');
    const viewerRestart = nextEvent(viewer.socket, 'media:restart');
    const oldPid = worker().pid;

    process.kill(oldPid, 'SIGKILL');

    expect(await viewerRestart).toEqual({ streamId: stream.id });
    expect(await studioRestart).toEqual({ streamId: stream.id });
    expect(worker().pid).not.toBe(oldPid);
    expect(engine.mediaSignalling?.peerCount()).toBe(0);
    // The clients start over on the new worker.
    const caps = await request(viewer.socket, 'media:capabilities', { streamId: stream.id });
    expect(caps.ok).toBe(true);
    expect(engine.media?.getRoom(stream.id)?.workerPid).toBe(worker().pid);
    studio.disconnect();
    viewer.socket.disconnect();
  });
});

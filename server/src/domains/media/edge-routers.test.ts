import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../../test/factories.ts';
import { eventually, startTestEngine, type TestEngine } from '../../../test/harness.ts';
import { type LiveClient, nextEvent, request } from '../../../test/live-client.ts';

// What a browser would send for one VP8 track; mediasoup accepts it before DTLS is up.
const VIDEO_RTP_PARAMETERS = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack', parameter: 'pli' }] }],
  encodings: [{ ssrc: 33_333_333 }],
  rtcp: { cname: 'studio' },
};

describe('media signalling over two workers with two consumers per router', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({
      withMedia: true,
      env: { MEDIASOUP_WORKERS: '2', MEDIA_CONSUMERS_PER_ROUTER: '2', RTC_MIN_PORT: '44000', RTC_MAX_PORT: '44199' },
    });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const workers = () => engine.media?.pool.slots.map((slot) => slot.worker) ?? [];

  /** A KOL with a live stream, publishing one video track. */
  async function liveStreamWithVideo() {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token);
    await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    const studio = await engine.connect(kol.token);
    const caps = await request(studio, 'media:capabilities', { streamId: stream.id });
    const send = await request(studio, 'media:transport', { streamId: stream.id, direction: 'send' });
    const video = await request(studio, 'media:produce', { transportId: send.id, kind: 'video', rtpParameters: VIDEO_RTP_PARAMETERS });
    expect(video.ok).toBe(true);
    return { stream, studio, rtpCapabilities: caps.rtpCapabilities, producerId: video.producerId as string };
  }

  /** A viewer that joins, opens a recv transport and consumes what the stream publishes. */
  async function watch(streamId: string, rtpCapabilities: unknown): Promise<{ socket: LiveClient; transportId: string; consumers: any[] }> {
    const socket = await engine.connect();
    expect((await request(socket, 'stream:join', { streamId })).ok).toBe(true);
    expect((await request(socket, 'media:capabilities', { streamId })).ok).toBe(true);
    const recv = await request(socket, 'media:transport', { streamId, direction: 'recv' });
    const consumed = await request(socket, 'media:consume', { transportId: recv.id, rtpCapabilities });
    expect(consumed.ok).toBe(true);
    return { socket, transportId: recv.id, consumers: consumed.consumers };
  }

  /** Which router of the stream's room holds the transport, asked of the workers themselves. */
  async function routerHolding(streamId: string, transportId: string) {
    for (const roomRouter of engine.media?.getRoom(streamId)?.routers ?? []) {
      if ((await roomRouter.router.dump()).transportIds.includes(transportId)) return roomRouter;
    }
    return undefined;
  }

  const idleWorkerDumps = () =>
    eventually(
      () => Promise.all(workers().map((worker) => worker.dump())),
      (dumps) => dumps.every((dump) => dump.routerIds.length === 0),
    );

  it('serves the third viewer from a router on the second worker that consumes the piped producer, and leaks nothing', async () => {
    const baseline = await idleWorkerDumps();
    const { stream, studio, rtpCapabilities, producerId } = await liveStreamWithVideo();
    const viewers = [];
    for (let i = 0; i < 3; i++) viewers.push(await watch(stream.id, rtpCapabilities));

    const room = engine.media?.getRoom(stream.id);
    const placements = await Promise.all(viewers.map((viewer) => routerHolding(stream.id, viewer.transportId)));
    expect(placements.map((placed) => placed?.role)).toEqual(['origin', 'origin', 'edge']);
    expect(placements[2]?.slotIndex).toBe(1 - (room?.slotIndex ?? 0));
    expect(viewers[2]?.consumers.map((consumer) => consumer.producerId)).toEqual([producerId]);
    const edgeDump = await placements[2]?.router.dump();
    expect(edgeDump?.mapProducerIdConsumerIds).toEqual([{ key: producerId, values: [viewers[2]?.consumers[0].id] }]);

    for (const viewer of viewers) viewer.socket.disconnect();
    studio.disconnect();
    const after = await idleWorkerDumps();
    expect(engine.mediaSignalling?.peerCount()).toBe(0);
    expect(engine.media?.getRoom(stream.id)).toBeUndefined();
    // Every transport, producer and consumer (pipes included) has a request handler in its worker while it lives.
    for (const [index, dump] of after.entries()) {
      expect(dump.channelMessageHandlers.channelRequestHandlers.sort()).toEqual(
        baseline[index]?.channelMessageHandlers.channelRequestHandlers.sort(),
      );
    }
  });

  it('restarts only the viewers of an edge whose worker died, and they watch again', async () => {
    const { stream, studio, rtpCapabilities } = await liveStreamWithVideo();
    const onOrigin = [await watch(stream.id, rtpCapabilities), await watch(stream.id, rtpCapabilities)];
    const onEdge = await watch(stream.id, rtpCapabilities);
    const edge = await routerHolding(stream.id, onEdge.transportId);
    expect(edge?.role).toBe('edge');
    const wronglyRestarted: string[] = [];
    for (const [name, socket] of [
      ['studio', studio],
      ['origin viewer', onOrigin[0]?.socket],
    ] as const) {
      socket?.on('media:restart', () => wronglyRestarted.push(name));
    }
    const restart = nextEvent(onEdge.socket, 'media:restart');

    process.kill(edge?.workerPid ?? 0, 'SIGKILL');

    expect(await restart).toEqual({ streamId: stream.id });
    expect(engine.media?.getRoom(stream.id)?.closed).toBe(false);
    const again = await request(onEdge.socket, 'media:transport', { streamId: stream.id, direction: 'recv' });
    const consumed = await request(onEdge.socket, 'media:consume', { transportId: again.id, rtpCapabilities });
    expect(consumed.consumers).toHaveLength(1);

    // Room events travel in order on one Redis channel: a restart for the others would have come first.
    const added = nextEvent(onOrigin[0]?.socket as LiveClient, 'media:producer-added');
    const send = await request(studio, 'media:transport', { streamId: stream.id, direction: 'send' });
    await request(studio, 'media:produce', { transportId: send.id, kind: 'video', rtpParameters: VIDEO_RTP_PARAMETERS });
    await added;
    expect(wronglyRestarted).toEqual([]);
    for (const socket of [studio, onEdge.socket, ...onOrigin.map((viewer) => viewer.socket)]) socket.disconnect();
  });
});

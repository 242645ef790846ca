import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedia, type Media, startTestPattern, type TestPatternSource } from './index.ts';
import { resolveWorkerBin } from './worker-bin.ts';

/** Bytes the producer has received so far (its RTP stream's stats). */
async function bytesIn(producer: types.Producer): Promise<number> {
  const stats = await producer.getStats();
  return stats.reduce((sum, s) => sum + (s.byteCount ?? 0), 0);
}

describe('the test pattern source (ffmpeg → plain RTP → a mediasoup producer)', () => {
  let media: Media;
  let source: TestPatternSource | undefined;

  beforeAll(async () => {
    const rtcMinPort = 44000 + 100 * randomInt(10);
    media = await createMedia({
      workerBin: resolveWorkerBin(process.env.MEDIASOUP_WORKER_BIN),
      numWorkers: 1,
      listenIp: '127.0.0.1',
      rtcMinPort,
      rtcMaxPort: rtcMinPort + 99,
      logLevel: 'warn',
    });
  });
  afterAll(() => {
    source?.close();
    media?.close();
  });

  it('feeds a VP8 video and an Opus audio producer on the room with packets that keep coming', async () => {
    const room = await media.getOrCreateRoom('test-pattern-stream');
    // Fails here with "install Debian's ffmpeg" when ffmpeg is missing: the demo needs it.
    source = await startTestPattern({ room: async () => media.getRoom('test-pattern-stream') });
    const [video, audio] = source.producers;
    expect(video?.kind).toBe('video');
    expect(video?.rtpParameters.codecs[0]?.mimeType).toBe('video/VP8');
    expect(audio?.kind).toBe('audio');
    expect([...room.producers].map((p) => p.id).sort()).toEqual([video?.id, audio?.id].sort());
    if (!video || !audio) throw new Error('producers missing');

    // Real packets: the byte count grows between two reads, for both tracks.
    let videoBytes = 0;
    for (let i = 0; i < 50 && videoBytes === 0; i++) {
      await sleep(200);
      videoBytes = await bytesIn(video);
    }
    expect(videoBytes).toBeGreaterThan(0);
    await sleep(1000);
    expect(await bytesIn(video)).toBeGreaterThan(videoBytes);
    expect(await bytesIn(audio)).toBeGreaterThan(0);

    source.close();
    expect(room.producerCount).toBe(0);
  }, 30_000);

  it('refuses to start with a clear message when ffmpeg cannot run', async () => {
    await expect(startTestPattern({ room: async () => undefined, ffmpegPath: '/nonexistent/ffmpeg' })).rejects.toThrow(
      /install Debian's ffmpeg/,
    );
  });
});

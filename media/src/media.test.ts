import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedia, type Media, type WorkerReplacedEvent } from './index.ts';
import { assertValidMediaConfig, type MediaConfig, slotPortRange } from './media-config.ts';

// Without MEDIASOUP_WORKER_BIN (a fresh shell) the project script finds the prebuilt worker.
function resolveWorkerBin(): string {
  const fromEnv = process.env.MEDIASOUP_WORKER_BIN;
  if (fromEnv) return fromEnv;
  const script = fileURLToPath(new URL('../../scripts/lib/mediasoup-worker.sh', import.meta.url));
  return execFileSync('bash', [script], { encoding: 'utf8' }).trim();
}

// A random 100-port slice of 40000-40999, so test files running in parallel rarely share ports.
function testConfig(): MediaConfig {
  const rtcMinPort = 40000 + 100 * randomInt(10);
  return {
    workerBin: resolveWorkerBin(),
    numWorkers: 1,
    listenIp: '127.0.0.1',
    rtcMinPort,
    rtcMaxPort: rtcMinPort + 99,
    logLevel: 'warn',
  };
}

describe('media config', () => {
  it('splits the port range into disjoint slices, one per worker', () => {
    const config = { listenIp: '127.0.0.1', numWorkers: 3, rtcMinPort: 40000, rtcMaxPort: 40099 };
    expect([0, 1, 2].map((index) => slotPortRange(config, index))).toEqual([
      { min: 40000, max: 40032 },
      { min: 40033, max: 40065 },
      { min: 40066, max: 40098 },
    ]);
  });

  it('rejects a port range smaller than the number of workers', () => {
    const config = { listenIp: '127.0.0.1', numWorkers: 4, rtcMinPort: 40000, rtcMaxPort: 40002 };
    expect(() => assertValidMediaConfig(config)).toThrow(/widen rtcMinPort..rtcMaxPort/);
  });
});

describe('media on a real mediasoup worker', () => {
  const config = testConfig();
  let media: Media;

  beforeAll(async () => {
    media = await createMedia(config);
  });

  afterAll(() => {
    media?.close();
  });

  it('starts healthy with one worker and reports the mediasoup version', () => {
    const health = media.health();
    expect(health.ok).toBe(true);
    expect(health.workers).toHaveLength(1);
    expect(health.version).toBe('3.27.1');
  });

  it('creates a WebRTC transport with ICE candidates on 127.0.0.1 and DTLS parameters', async () => {
    const room = await media.getOrCreateRoom('stream-transport');
    const transport = await room.createPublisherTransport();
    const { min, max } = slotPortRange(config, 0);

    expect(transport.iceCandidates.map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
    for (const candidate of transport.iceCandidates) {
      expect(candidate.address).toBe('127.0.0.1');
      expect(candidate.port).toBeGreaterThanOrEqual(min);
      expect(candidate.port).toBeLessThanOrEqual(max);
    }
    expect(transport.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
    expect(room.router.rtpCapabilities.codecs?.map((c) => c.mimeType)).toEqual(
      expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']),
    );
  });

  it('returns the same room to concurrent calls for the same stream', async () => {
    const rooms = await Promise.all([1, 2, 3].map(() => media.getOrCreateRoom('stream-concurrent')));
    expect(new Set(rooms).size).toBe(1);
    expect(media.getRoom('stream-concurrent')).toBe(rooms[0]);
    expect(media.health().workers[0]?.routers).toBe(media.health().rooms);
  });

  it('closeRoom() closes the router and removes the room', async () => {
    const room = await media.getOrCreateRoom('stream-close');
    expect(media.closeRoom('stream-close')).toBe(true);
    expect(room.closed).toBe(true);
    expect(room.router.closed).toBe(true);
    expect(media.getRoom('stream-close')).toBeUndefined();
    expect(media.closeRoom('stream-close')).toBe(false);
  });

  it('replaces a worker killed with SIGKILL and closes the rooms that were on it', async () => {
    const room = await media.getOrCreateRoom('stream-crash');
    const oldPid = media.pool.slots[0]?.worker.pid ?? 0;
    const replaced = new Promise<WorkerReplacedEvent>((resolve) => media.pool.once('workerreplaced', resolve));

    process.kill(oldPid, 'SIGKILL');
    const event = await replaced;

    expect(event).toMatchObject({ index: 0, oldPid });
    expect(event.pid).not.toBe(oldPid);
    expect(room.closed).toBe(true);
    expect(media.getRoom('stream-crash')).toBeUndefined();
    const health = media.health();
    expect(health.ok).toBe(true);
    expect(health.workers[0]?.pid).toBe(event.pid);

    const rebuilt = await media.getOrCreateRoom('stream-crash');
    expect(rebuilt).not.toBe(room);
    expect(rebuilt.workerPid).toBe(event.pid);
  });

  it('close() closes every room and worker and can be called twice', async () => {
    const room = await media.getOrCreateRoom('stream-shutdown');
    const worker = media.pool.slots[0]?.worker;

    media.close();
    media.close();

    expect(room.closed).toBe(true);
    expect(worker?.closed).toBe(true);
    expect(media.health()).toMatchObject({ ok: false, rooms: 0 });
    await expect(media.getOrCreateRoom('stream-after-close')).rejects.toThrow(/no live mediasoup worker/);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { publishVideo } from './fake-publisher.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

describe('LIVE means media flowing (ADR 0014)', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ withMedia: true });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const liveIds = async () =>
    ((await engine.http('GET', '/api/streams?status=live&limit=100')).body.items as { id: string }[]).map((s) => s.id);
  const nowLiveNotices = async (token: string, streamId: string) =>
    ((await engine.http('GET', '/api/me/notifications', { token })).body.items as { kind: string; payload: { streamId: string } }[]).filter(
      (n) => n.kind === 'stream_live' && n.payload.streamId === streamId,
    );

  it('lists a started stream and tells followers "now live" only once its first producer arrives, and unlists it when media stops', async () => {
    const kol = await make.user(['kol']);
    const follower = await make.user();
    expect((await engine.http('POST', `/api/kols/${kol.user.id}/follow`, { token: follower.token })).status).toBeLessThan(300);
    const stream = await make.stream(kol.token);

    const started = await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    expect(started.body).toMatchObject({ status: 'live', hasMedia: false });
    // Started, nothing published: not LIVE to viewers, and nobody told (the fan-out queue runs in this process).
    await sleep(1500);
    expect(await liveIds()).not.toContain(stream.id);
    expect((await engine.http('GET', `/api/streams/${stream.id}`)).body).toMatchObject({ status: 'live', hasMedia: false });
    const feed = (await engine.http('GET', '/api/feed/for-you')).body.items as { id: string; status: string }[];
    expect(feed.find((i) => i.id === stream.id)?.status).not.toBe('live');
    expect(await nowLiveNotices(follower.token, stream.id)).toHaveLength(0);

    const { studio, produced } = await publishVideo(engine, kol.token, stream.id);
    expect(produced).toMatchObject({ ok: true, producerId: expect.any(String) });
    await eventually(liveIds, (ids) => ids.includes(stream.id));
    expect((await engine.http('GET', `/api/streams/${stream.id}`)).body.hasMedia).toBe(true);
    await eventually(
      () => nowLiveNotices(follower.token, stream.id),
      (notices) => notices.length === 1,
    );

    // The studio goes away: its producer closes and the show is no longer listed.
    studio.disconnect();
    await eventually(liveIds, (ids) => !ids.includes(stream.id));
    expect((await engine.http('GET', `/api/streams/${stream.id}`)).body).toMatchObject({ status: 'live', hasMedia: false });

    // Back on air: listed again, and followers are not told a second time.
    await publishVideo(engine, kol.token, stream.id);
    await eventually(liveIds, (ids) => ids.includes(stream.id));
    await sleep(1000);
    expect(await nowLiveNotices(follower.token, stream.id)).toHaveLength(1);
  }, 40_000);
});

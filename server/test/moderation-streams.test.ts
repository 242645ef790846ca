import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { type LiveClient, nextEvent, request } from './live-client.ts';
import { makeAdmin } from './moderation-admin.ts';

const REASON = 'Selling replica watches as genuine, live';

// One VP8 track as a browser would offer it; mediasoup accepts it before DTLS is up.
const VIDEO_RTP_PARAMETERS = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }],
  headerExtensions: [],
  encodings: [{ ssrc: 33_333_333 }],
  rtcp: { cname: 'studio' },
};

describe('an admin ends a live show that breaks the rules', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let admin: { token: string; user: { id: string } };

  beforeAll(async () => {
    engine = await startTestEngine({ withMedia: true });
    make = factories(engine);
    admin = await makeAdmin(engine, 'Moe Moderator');
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** As the admin unless another token is given; `null` sends none. */
  const endShow = (streamId: string, body: unknown = { reason: REASON }, token: string | null = admin.token) =>
    engine.http('POST', `/api/admin/streams/${streamId}/end`, { ...(token ? { token } : {}), body });
  const report = (reporter: Made, streamId: string) =>
    engine.http('POST', '/api/reports', { token: reporter.token, body: { targetType: 'stream', targetId: streamId, reason: 'scam' } });
  const logEntriesFor = async (targetId: string) =>
    (await engine.http('GET', '/api/admin/moderation-log?limit=100', { token: admin.token })).body.items.filter(
      (e: { targetId: string }) => e.targetId === targetId,
    );
  const openCaseIds = async () =>
    (await engine.http('GET', '/api/admin/reports?limit=100', { token: admin.token })).body.items.map(
      (c: { targetId: string }) => c.targetId,
    );

  /** A KOL live with a stream, publishing video from their studio socket (so the stream has a media room). */
  async function liveShow(title: string) {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token, { title });
    expect((await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token })).status).toBe(200);
    const studio = await engine.connect(kol.token);
    expect((await request(studio, 'stream:join', { streamId: stream.id })).ok).toBe(true);
    expect((await request(studio, 'media:capabilities', { streamId: stream.id })).ok).toBe(true);
    const send = await request(studio, 'media:transport', { streamId: stream.id, direction: 'send' });
    const video = await request(studio, 'media:produce', { transportId: send.id, kind: 'video', rtpParameters: VIDEO_RTP_PARAMETERS });
    expect(video.ok).toBe(true);
    return { kol, stream, studio };
  }

  async function joinAsViewer(streamId: string): Promise<LiveClient> {
    const viewer = await engine.connect();
    expect((await request(viewer, 'stream:join', { streamId })).ok).toBe(true);
    return viewer;
  }

  it('stops the show the way its KOL would, marked as moderation’s: viewers see it end, media closes, the KOL is told why', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token, { title: 'Chronograph watch' });
    const { kol, stream, studio } = await liveShow('Luxury watch flash hour');
    await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    const [first, second] = (await Promise.all([make.user(), make.user()])) as [Made, Made];
    expect((await report(first, stream.id)).status).toBe(201);
    expect((await report(second, stream.id)).status).toBe(201);
    const viewer = await joinAsViewer(stream.id);
    expect((await request(viewer, 'media:capabilities', { streamId: stream.id })).ok).toBe(true);
    const room = engine.media?.getRoom(stream.id);
    expect(room?.closed).toBe(false);

    const viewerSawEnd = nextEvent(viewer, 'stream:status', (e) => e.streamId === stream.id);
    const studioSawEnd = nextEvent(studio, 'stream:status', (e) => e.streamId === stream.id);
    const producerClosed = nextEvent(viewer, 'media:producer-closed', (e) => e.streamId === stream.id);
    const told = nextEvent(studio, 'notification:new', (n) => n.kind === 'stream_ended_by_moderation');

    const answer = await endShow(stream.id);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      id: stream.id,
      title: 'Luxury watch flash hour',
      kolId: kol.user.id,
      status: 'ended',
      endedAt: expect.any(String),
      moderation: { reason: REASON, at: answer.body.endedAt },
    });

    // The room hears the same end as a KOL's, with who ended it.
    expect(await viewerSawEnd).toEqual({ streamId: stream.id, status: 'ended', endedBy: 'moderation' });
    expect(await studioSawEnd).toEqual({ streamId: stream.id, status: 'ended', endedBy: 'moderation' });
    await producerClosed;
    await eventually(
      async () => room?.closed,
      (closed) => closed === true,
    );
    expect(engine.media?.getRoom(stream.id)).toBeUndefined();
    expect(await request(viewer, 'media:capabilities', { streamId: stream.id })).toMatchObject({
      ok: false,
      error: { code: 'STREAM_NOT_LIVE' },
    });

    // The stream is ended as a KOL's end leaves it (its showcase untouched), with the time the answer gave.
    const page = (await engine.http('GET', `/api/streams/${stream.id}`)).body;
    expect(page).toMatchObject({ status: 'ended', endedAt: answer.body.endedAt, endedBy: 'moderation' });
    expect(page.showcase.map((p: { id: string }) => p.id)).toEqual([product.id]);

    // The KOL is told why, live and in their list.
    expect((await told).payload).toEqual({ streamId: stream.id, title: 'Luxury watch flash hour', reason: REASON });
    const notifications = (await engine.http('GET', '/api/me/notifications', { token: kol.token })).body.items;
    expect(notifications[0]).toMatchObject({
      kind: 'stream_ended_by_moderation',
      payload: { streamId: stream.id, title: 'Luxury watch flash hour', reason: REASON },
      readAt: null,
    });

    // Both reports are actioned with the reason; one log row says what was done.
    expect(await openCaseIds()).not.toContain(stream.id);
    const actioned = (await engine.http('GET', '/api/admin/reports?status=actioned&limit=100', { token: admin.token })).body.items;
    expect(actioned.find((c: { targetId: string }) => c.targetId === stream.id)).toMatchObject({
      targetType: 'stream',
      status: 'actioned',
      reportCount: 2,
      resolutionNote: REASON,
      target: { title: 'Luxury watch flash hour', status: 'ended', url: `/live/${stream.id}` },
    });
    expect(await logEntriesFor(stream.id)).toEqual([
      {
        id: expect.any(String),
        action: 'end_stream',
        targetType: 'stream',
        targetId: stream.id,
        targetTitle: 'Luxury watch flash hour',
        reason: REASON,
        adminId: admin.user.id,
        adminName: 'Moe Moderator',
        createdAt: expect.any(String),
      },
    ]);

    // As after a KOL's end, the show cannot go live again, nor be ended twice.
    const restart = await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    expect([restart.status, restart.body.error.code]).toEqual([409, 'INVALID_STREAM_TRANSITION']);
    const kolEnd = await engine.http('POST', `/api/streams/${stream.id}/end`, { token: kol.token });
    expect([kolEnd.status, kolEnd.body.error.code]).toEqual([409, 'INVALID_STREAM_TRANSITION']);
    const again = await endShow(stream.id);
    expect([again.status, again.body.error.code]).toEqual([409, 'STREAM_NOT_LIVE']);
    expect(await logEntriesFor(stream.id)).toHaveLength(1);
  });

  it('leaves a KOL’s own end marked as the KOL’s', async () => {
    const { kol, stream } = await liveShow('Ordinary goodbye');
    const viewer = await joinAsViewer(stream.id);
    const ended = nextEvent(viewer, 'stream:status', (e) => e.streamId === stream.id);
    expect((await engine.http('POST', `/api/streams/${stream.id}/end`, { token: kol.token })).status).toBe(200);
    expect(await ended).toEqual({ streamId: stream.id, status: 'ended', endedBy: 'kol' });
    expect((await engine.http('GET', `/api/streams/${stream.id}`)).body).toMatchObject({ status: 'ended', endedBy: 'kol' });
    const notifications = (await engine.http('GET', '/api/me/notifications', { token: kol.token })).body.items;
    expect(notifications.map((n: { kind: string }) => n.kind)).not.toContain('stream_ended_by_moderation');
  });

  it('answers 409 STREAM_NOT_LIVE for a scheduled or ended show, changing nothing: its reports stay open, nothing is logged', async () => {
    const kol = await make.user(['kol']);
    const scheduled = await make.stream(kol.token, { title: 'Tomorrow, maybe' });
    const ended = await make.stream(kol.token, { title: 'Already over' });
    await engine.http('POST', `/api/streams/${ended.id}/start`, { token: kol.token });
    await engine.http('POST', `/api/streams/${ended.id}/end`, { token: kol.token });
    const reporter = await make.user();
    await report(reporter, scheduled.id);

    for (const stream of [scheduled, ended]) {
      const answer = await endShow(stream.id);
      expect(answer.status).toBe(409);
      expect(answer.body.error).toEqual({ code: 'STREAM_NOT_LIVE', message: expect.any(String) });
      expect(await logEntriesFor(stream.id)).toEqual([]);
    }
    expect(await openCaseIds()).toContain(scheduled.id);
    expect((await engine.http('GET', `/api/streams/${scheduled.id}`)).body.status).toBe('scheduled');
    expect((await engine.http('GET', '/api/me/notifications', { token: kol.token })).body.items).toEqual([]);
  });

  it('is for admins only, answers 404 for an unknown show and 400 for a missing or short reason', async () => {
    const { kol, stream } = await liveShow('Still on air');
    const viewer = await make.user();

    const anonymous = await endShow(stream.id, { reason: REASON }, null);
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    for (const someone of [viewer, kol]) {
      const refused = await endShow(stream.id, { reason: REASON }, someone.token);
      expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    const unknown = await endShow('no-such-stream');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    for (const body of [{}, { reason: '  x ' }, { reason: 'y'.repeat(501) }]) {
      const bad = await endShow(stream.id, body);
      expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }

    expect((await engine.http('GET', `/api/streams/${stream.id}`)).body).toMatchObject({ status: 'live', endedBy: null });
    expect(await logEntriesFor(stream.id)).toEqual([]);
  });

  it('ends the show once when its KOL and an admin end it at the same moment', async () => {
    const { kol, stream } = await liveShow('Two hands on the switch');
    const viewer = await joinAsViewer(stream.id);
    const ends: unknown[] = [];
    viewer.on('stream:status', (e) => {
      if (e.streamId === stream.id) ends.push(e);
    });

    const [byKol, byAdmin] = await Promise.all([
      engine.http('POST', `/api/streams/${stream.id}/end`, { token: kol.token }),
      endShow(stream.id),
    ]);
    expect([byKol.status, byAdmin.status].filter((s) => s === 200)).toHaveLength(1);
    const loser = byKol.status === 200 ? byAdmin : byKol;
    expect(loser.status).toBe(409);
    expect(loser.body.error.code).toBe(byKol.status === 200 ? 'STREAM_NOT_LIVE' : 'INVALID_STREAM_TRANSITION');

    // Both answers are in, so any end event is published; a later event to the room comes after it.
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token);
    const barrier = nextEvent(viewer, 'showcase:changed', (e) => e.streamId === stream.id);
    await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    await barrier;
    const winner = byKol.status === 200 ? 'kol' : 'moderation';
    expect(ends).toEqual([{ streamId: stream.id, status: 'ended', endedBy: winner }]);
    expect((await engine.http('GET', `/api/streams/${stream.id}`)).body.endedBy).toBe(winner);
    expect(await logEntriesFor(stream.id)).toHaveLength(winner === 'moderation' ? 1 : 0);
  });
});

import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent, request } from './live-client.ts';

describe('the /live Socket.IO namespace', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let streamId: string;
  let kolToken: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    const kol = await make.user(['kol']);
    kolToken = kol.token;
    streamId = (await make.stream(kol.token)).id;
    await engine.http('POST', `/api/streams/${streamId}/start`, { token: kol.token });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('lets an anonymous socket watch but not comment', async () => {
    const anonymous = await engine.connect();
    const joined = await request(anonymous, 'stream:join', { streamId });
    expect(joined.ok).toBe(true);
    const comment = await request(anonymous, 'comment:send', { streamId, text: 'hello' });
    expect(comment).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
  });

  it('refuses a connection with a forged token', async () => {
    const socket = connectSocket(`${engine.url}/live`, { auth: { token: 'not-a-jwt' }, transports: ['websocket'], forceNew: true });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.disconnect();
    expect(error.message).toBe('UNAUTHENTICATED');
  });

  it('takes the comment author from the token, never from the payload, and sends it to the room as text', async () => {
    const author = await make.user(['viewer'], { displayName: 'Ada' });
    const victim = await make.user(['viewer']);
    const watcher = await engine.connect();
    await request(watcher, 'stream:join', { streamId });
    const socket = await engine.connect(author.token);
    await request(socket, 'stream:join', { streamId });
    const received = nextEvent(watcher, 'comment:new', (c) => c.text.includes('onerror'));
    const ack = await request(socket, 'comment:send', { streamId, text: '<img src=x onerror=alert(1)>\u0007', userId: victim.user.id });
    expect(ack.ok).toBe(true);
    const comment = await received;
    expect(comment.userId).toBe(author.user.id);
    expect(comment.displayName).toBe('Ada');
    expect(comment.text).toBe('<img src=x onerror=alert(1)>');
  });

  it('acks VALIDATION_FAILED for a bad payload and NOT_FOUND for an unknown stream', async () => {
    const viewer = await make.user();
    const socket = await engine.connect(viewer.token);
    expect((await request(socket, 'stream:join', { streamId: 42 })).error.code).toBe('VALIDATION_FAILED');
    expect((await request(socket, 'stream:join', { streamId: 'missing' })).error.code).toBe('NOT_FOUND');
    await request(socket, 'stream:join', { streamId });
    expect((await request(socket, 'comment:send', { streamId, text: 'x'.repeat(501) })).error.code).toBe('VALIDATION_FAILED');
  });

  it('counts viewers across joins and leaves', async () => {
    const before = (await engine.http('GET', `/api/streams/${streamId}`)).body.viewerCount;
    const a = await engine.connect();
    const joined = await request(a, 'stream:join', { streamId });
    expect(joined.snapshot.viewerCount).toBe(before + 1);
    const counted = nextEvent(a, 'viewers:count', (c) => c.count === before + 2);
    const b = await engine.connect();
    await request(b, 'stream:join', { streamId });
    await counted;
    const dropped = nextEvent(a, 'viewers:count', (c) => c.count === before + 1);
    b.disconnect();
    await dropped;
  });

  it("does not count the stream's own KOL (the studio) as a viewer", async () => {
    const before = (await engine.http('GET', `/api/streams/${streamId}`)).body.viewerCount;
    const studio = await engine.connect(kolToken);
    const joined = await request(studio, 'stream:join', { streamId });
    expect(joined.snapshot.viewerCount).toBe(before);
    expect((await engine.http('GET', `/api/streams/${streamId}`)).body.viewerCount).toBe(before);
  });
});

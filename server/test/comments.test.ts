import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comments } from '../../db/schema/index.ts';
import { factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { type LiveClient, nextEvent, request } from './live-client.ts';

describe('comments, moderation and likes', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let kol: { token: string; user: { id: string } };
  let streamId: string;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { COMMENT_RATE_PER_SEC: '1', COMMENT_BURST: '5', COMMENT_BLOCKED_WORDS: 'scam,fake' } });
    make = factories(engine);
    kol = await make.user(['kol']);
    streamId = (await make.stream(kol.token)).id;
    await engine.http('POST', `/api/streams/${streamId}/start`, { token: kol.token });
  });
  afterAll(async () => {
    await engine?.close();
  });

  async function joined(token?: string): Promise<LiveClient> {
    const socket = await engine.connect(token);
    expect((await request(socket, 'stream:join', { streamId })).ok).toBe(true);
    return socket;
  }

  it('lets a burst of 5 comments through, then answers RATE_LIMITED', async () => {
    const viewer = await make.user();
    const socket = await joined(viewer.token);
    const acks = [];
    for (let i = 0; i < 7; i++) acks.push(await request(socket, 'comment:send', { streamId, text: `message ${i}` }));
    expect(acks.slice(0, 5).every((a) => a.ok)).toBe(true);
    expect(acks[5].error.code).toBe('RATE_LIMITED');
  });

  it('masks blocked words', async () => {
    const viewer = await make.user();
    const socket = await joined(viewer.token);
    const ack = await request(socket, 'comment:send', { streamId, text: 'this is a SCAM, not fake' });
    expect(ack.comment.text).toBe('this is a ****, not ****');
  });

  it('stores comments in PostgreSQL in the background and keeps the last 50 for the join snapshot', async () => {
    const viewer = await make.user();
    const socket = await joined(viewer.token);
    const ack = await request(socket, 'comment:send', { streamId, text: 'kept for later' });
    await eventually(
      async () => engine.infra.database.db.select().from(comments).where(eq(comments.id, ack.comment.id)),
      (rows) => rows.length === 1,
    );
    const late = await joined();
    const snapshot = (await request(late, 'stream:join', { streamId })).snapshot;
    expect(snapshot.recentComments.map((c: { id: string }) => c.id)).toContain(ack.comment.id);
  });

  it("lets the stream's KOL delete a comment for everyone, and no one else", async () => {
    const author = await make.user();
    const otherKol = await make.user(['kol']);
    const watcher = await joined();
    const socket = await joined(author.token);
    const { comment } = await request(socket, 'comment:send', { streamId, text: 'delete me' });
    expect((await engine.http('DELETE', `/api/streams/${streamId}/comments/${comment.id}`, { token: otherKol.token })).status).toBe(403);
    const deleted = nextEvent(watcher, 'comment:deleted', (d) => d.id === comment.id);
    const kolSocket = await joined(kol.token);
    expect((await request(kolSocket, 'comment:delete', { streamId, commentId: comment.id })).ok).toBe(true);
    await deleted;
    const recent = (await engine.http('GET', `/api/streams/${streamId}/comments`)).body.items;
    expect(recent.map((c: { id: string }) => c.id)).not.toContain(comment.id);
  });

  it('answers MUTED to a user the KOL muted, until unmuted', async () => {
    const troll = await make.user();
    const socket = await joined(troll.token);
    expect(
      (await engine.http('POST', `/api/streams/${streamId}/mutes`, { token: kol.token, body: { userId: troll.user.id } })).status,
    ).toBe(204);
    expect((await request(socket, 'comment:send', { streamId, text: 'hello?' })).error.code).toBe('MUTED');
    expect((await engine.http('GET', `/api/streams/${streamId}/mutes`, { token: kol.token })).body.items).toContain(troll.user.id);
    expect((await engine.http('GET', `/api/streams/${streamId}/mutes`, { token: troll.token })).status).toBe(403);
    await engine.http('DELETE', `/api/streams/${streamId}/mutes/${troll.user.id}`, { token: kol.token });
    expect((await request(socket, 'comment:send', { streamId, text: 'hello again' })).ok).toBe(true);
  });

  it('counts any number of likes and sends the room the total at most once a second', async () => {
    const fan = await make.user();
    const watcher = await joined();
    const socket = await joined(fan.token);
    const totals: number[] = [];
    watcher.on('likes:count', (c) => totals.push(c.total));
    let last = 0;
    for (let i = 0; i < 10; i++) last = (await request(socket, 'like:send', { streamId, count: 3 })).total;
    expect(last).toBeGreaterThanOrEqual(30);
    await nextEvent(watcher, 'likes:count', (c) => c.total === last);
    expect(totals.length).toBeLessThanOrEqual(2);
    expect((await request(await joined(), 'stream:join', { streamId })).snapshot.likeCount).toBe(last);
  });
});

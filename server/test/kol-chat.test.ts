import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent, request } from './live-client.ts';

describe('the KOL in the chat: host badge, replies and a pinned comment', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('marks the KOL as host, quotes the answered comment, and pins it for the room and later joiners', async () => {
    const kol = await make.user(['kol']);
    const viewer = await make.user();
    const stream = await make.stream(kol.token);
    const studio = await engine.connect(kol.token);
    const fan = await engine.connect(viewer.token);
    for (const socket of [studio, fan]) expect((await request(socket, 'stream:join', { streamId: stream.id })).ok).toBe(true);

    const question = await request(fan, 'comment:send', { streamId: stream.id, text: 'Is the scarf real silk?' });
    expect(question.comment.isHost).toBe(false);
    const replySeen = nextEvent(fan, 'comment:new', (c) => c.userId === kol.user.id);
    const answer = await request(studio, 'comment:send', {
      streamId: stream.id,
      text: 'Yes, mulberry silk!',
      replyTo: question.comment.id,
    });
    expect(answer.ok).toBe(true);
    expect(await replySeen).toMatchObject({
      isHost: true,
      text: 'Yes, mulberry silk!',
      replyTo: { id: question.comment.id, displayName: question.comment.displayName, text: 'Is the scarf real silk?' },
    });
    expect((await request(fan, 'comment:send', { streamId: stream.id, text: 'x', replyTo: 'no-such-comment' })).error.code).toBe(
      'NOT_FOUND',
    );

    // Only the KOL pins; the room hears it and a later joiner finds it in the snapshot.
    expect((await request(fan, 'comment:pin', { streamId: stream.id, commentId: question.comment.id })).error.code).toBe('FORBIDDEN');
    const pinnedSeen = nextEvent(fan, 'comment:pinned', (p) => p.comment !== null);
    expect((await request(studio, 'comment:pin', { streamId: stream.id, commentId: question.comment.id })).comment.id).toBe(
      question.comment.id,
    );
    expect((await pinnedSeen).comment?.text).toBe('Is the scarf real silk?');
    const late = await engine.connect();
    const joined = await request(late, 'stream:join', { streamId: stream.id });
    expect(joined.snapshot.pinnedComment).toMatchObject({ id: question.comment.id });

    // Removing the pinned comment unpins it.
    const unpinned = nextEvent(fan, 'comment:pinned', (p) => p.comment === null);
    expect((await request(studio, 'comment:delete', { streamId: stream.id, commentId: question.comment.id })).ok).toBe(true);
    await unpinned;
    expect((await request(late, 'stream:join', { streamId: stream.id })).snapshot.pinnedComment).toBeNull();
  });
});

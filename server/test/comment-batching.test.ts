import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentSliceOf } from '../src/realtime/comment-batcher.ts';
import type { CommentPayload } from '../src/realtime/contract.ts';
import { factories } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';
import { type LiveClient, nextEvent, request } from './live-client.ts';

/** Everything a socket received as comment:new and as comment:batch, in arrival order. */
function recordComments(socket: LiveClient) {
  const received = { one: [] as CommentPayload[], batches: [] as CommentPayload[][], deleted: [] as string[] };
  socket.on('comment:new', (comment) => received.one.push(comment));
  socket.on('comment:batch', ({ comments }) => received.batches.push(comments));
  socket.on('comment:deleted', ({ id }) => received.deleted.push(id));
  return received;
}

describe('comment batches (stream:join with commentBatching)', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let kolToken: string;
  let streamId: string;

  beforeAll(async () => {
    // Two slices taking turns every second: a comment deleted right after it was sent is still pending.
    engine = await startTestEngine({
      env: { COMMENT_BATCH_MS: '2000', COMMENT_BATCH_SLICES: '2', COMMENT_RATE_PER_SEC: '100', COMMENT_BURST: '100' },
    });
    make = factories(engine);
    const kol = await make.user(['kol']);
    kolToken = kol.token;
    streamId = (await make.stream(kol.token)).id;
    await engine.http('POST', `/api/streams/${streamId}/start`, { token: kol.token });
  });
  afterAll(async () => {
    await engine?.close();
  });

  async function joined(options: { token?: string; commentBatching?: boolean } = {}): Promise<LiveClient> {
    const socket = await engine.connect(options.token);
    expect((await request(socket, 'stream:join', { streamId, commentBatching: options.commentBatching })).ok).toBe(true);
    return socket;
  }

  async function author(): Promise<LiveClient> {
    return joined({ token: (await make.user()).token });
  }

  /** An acked round trip on the connection: whatever the server wrote to it before has arrived. */
  async function roundTrip(socket: LiveClient): Promise<void> {
    await request(socket, 'like:send', { streamId });
  }

  async function send(socket: LiveClient, text: string): Promise<CommentPayload> {
    const ack = await request(socket, 'comment:send', { streamId, text });
    expect(ack.ok).toBe(true);
    return ack.comment;
  }

  it('sends each comment once: in order in comment:batch to sockets that asked, in every slice, as comment:new to the others', async () => {
    const batched: LiveClient[] = [];
    while (new Set(batched.map((s) => commentSliceOf(s.id ?? '', 2))).size < 2) batched.push(await joined({ commentBatching: true }));
    const plain = await joined();
    const fromBatched = batched.map(recordComments);
    const fromPlain = recordComments(plain);
    const writer = await author();
    const lastInBatches = batched.map((s) => nextEvent(s, 'comment:batch', (b) => b.comments.some((c) => c.text === 'last')));
    const lastOnPlain = nextEvent(plain, 'comment:new', (c) => c.text === 'last');

    const sent: string[] = [];
    for (let i = 0; i < 10; i++) sent.push((await send(writer, `in order ${i}`)).id);
    sent.push((await send(writer, 'last')).id);
    await Promise.all([...lastInBatches, lastOnPlain]);
    for (const socket of [...batched, plain]) await roundTrip(socket);

    for (const received of fromBatched) {
      expect(received.one).toEqual([]);
      expect(received.batches.flat().map((c) => c.id)).toEqual(sent);
      expect(received.batches.length).toBeLessThan(sent.length);
      expect(received.batches.flat()[0]).toMatchObject({ streamId, text: 'in order 0' });
    }
    expect(fromPlain.batches).toEqual([]);
    expect(fromPlain.one.map((c) => c.id)).toEqual(sent);
  });

  it('never sends a comment in a batch once it was deleted, and still sends comment:deleted', async () => {
    const batched = await joined({ commentBatching: true });
    const plain = await joined();
    const fromBatched = recordComments(batched);
    const fromPlain = recordComments(plain);
    const writer = await author();
    const kol = await joined({ token: kolToken });

    const doomed = await send(writer, 'deleted within the window');
    const deletedOnBatched = nextEvent(batched, 'comment:deleted', (d) => d.id === doomed.id);
    const deletedOnPlain = nextEvent(plain, 'comment:deleted', (d) => d.id === doomed.id);
    expect((await request(kol, 'comment:delete', { streamId, commentId: doomed.id })).ok).toBe(true);
    await Promise.all([deletedOnBatched, deletedOnPlain]);
    const keptInBatch = nextEvent(batched, 'comment:batch', (b) => b.comments.some((c) => c.text === 'kept'));
    const kept = await send(writer, 'kept');
    await keptInBatch;

    expect(fromBatched.batches.flat().map((c) => c.id)).toEqual([kept.id]);
    expect(fromBatched.deleted).toEqual([doomed.id]);
    // The plain socket had it at once, and was told to remove it.
    expect(fromPlain.one.map((c) => c.id)).toContain(doomed.id);
  });

  it('stops sending batches to a socket after stream:leave, and sends comment:new after a join without commentBatching', async () => {
    const stays = await joined({ commentBatching: true });
    const leaves = await joined({ commentBatching: true });
    const switches = await joined({ commentBatching: true });
    const fromLeaver = recordComments(leaves);
    const fromSwitcher = recordComments(switches);
    leaves.emit('stream:leave', { streamId });
    await roundTrip(leaves);
    expect((await request(switches, 'stream:join', { streamId })).ok).toBe(true);
    const writer = await author();

    const inBatch = nextEvent(stays, 'comment:batch', (b) => b.comments.some((c) => c.text === 'after leaving'));
    const comment = await send(writer, 'after leaving');
    await inBatch;
    await roundTrip(leaves);
    await roundTrip(switches);

    expect(fromLeaver.batches).toEqual([]);
    expect(fromLeaver.one).toEqual([]);
    expect(fromSwitcher.batches).toEqual([]);
    expect(fromSwitcher.one.map((c) => c.id)).toEqual([comment.id]);
  });
});

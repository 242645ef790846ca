import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { comments } from '../../db/schema/index.ts';
import { moderationKeys } from '../src/domains/moderation/keys.ts';
import { factories, type MadeUser as Made } from './factories.ts';
import { REDIS_URL, startTestEngine, type TestEngine } from './harness.ts';
import { type LiveClient, nextEvent, request } from './live-client.ts';
import { makeAdmin } from './moderation-admin.ts';

const DAY_MS = 86_400_000;
const REMOVE_REASON = 'Insults another viewer';
const BAN_REASON = 'Repeated insults in chat';

describe('comment moderation: reports on chat comments, removal, platform-wide chat bans', () => {
  // Tests move the engine's clock to pass a ban's end; every test starts at real time.
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let admin: { token: string; user: { id: string } };
  let kol: Made;
  let streamId: string;
  let otherStreamId: string;

  beforeAll(async () => {
    engine = await startTestEngine({ clock, env: { COMMENT_RATE_PER_SEC: '50', COMMENT_BURST: '100' } });
    make = factories(engine);
    admin = await makeAdmin(engine, 'Mia Moderator');
    kol = await make.user(['kol']);
    streamId = (await make.stream(kol.token, { title: 'Tea tasting live' })).id;
    const otherKol = await make.user(['kol']);
    otherStreamId = (await make.stream(otherKol.token, { title: 'Sneaker drop' })).id;
    for (const [id, token] of [
      [streamId, kol.token],
      [otherStreamId, otherKol.token],
    ] as const) {
      expect((await engine.http('POST', `/api/streams/${id}/start`, { token })).status).toBe(200);
    }
  });
  afterEach(() => {
    clock.offsetMs = 0;
  });
  afterAll(async () => {
    await engine?.close();
  });

  async function joined(token?: string, stream = streamId): Promise<LiveClient> {
    const socket = await engine.connect(token);
    expect((await request(socket, 'stream:join', { streamId: stream })).ok).toBe(true);
    return socket;
  }
  const send = (socket: LiveClient, text: string, stream = streamId) => request(socket, 'comment:send', { streamId: stream, text });
  const report = (reporter: { token: string }, commentId: string, body: Record<string, unknown> = {}) =>
    engine.http('POST', '/api/reports', {
      token: reporter.token,
      body: { targetType: 'comment', targetId: commentId, reason: 'offensive', ...body },
    });
  const asAdmin = (method: string, url: string, body?: unknown, token: string | null = admin.token) =>
    engine.http(method, url, { ...(token ? { token } : {}), ...(body === undefined ? {} : { body }) });
  const casesWith = async (status: string) =>
    (await asAdmin('GET', `/api/admin/reports?status=${status}&limit=100`)).body.items as {
      targetType: string;
      targetId: string;
      status: string;
      reportCount: number;
      resolutionNote: string | null;
      target: Record<string, unknown>;
    }[];
  const logFor = async (targetId: string) =>
    ((await asAdmin('GET', '/api/admin/moderation-log?limit=100')).body.items as { targetId: string }[]).filter(
      (e) => e.targetId === targetId,
    );
  const recentIds = async (stream = streamId) =>
    ((await engine.http('GET', `/api/streams/${stream}/comments`)).body.items as { id: string }[]).map((c) => c.id);

  it('has the ban flags in Redis from the start, so the first comment does not wait for PostgreSQL', async () => {
    // No comment was sent yet: only the engine's start can have loaded them (bench/results/comments-chat-bans-2026-11-26.md).
    expect(await engine.infra.redis.exists(moderationKeys.chatBansLoaded())).toBe(1);
  });

  it('files a report on a comment sent a moment ago, and the case shows its text, author, stream and live page', async () => {
    const author = await make.user(['viewer'], { displayName: 'Rude Ruth' });
    const authorSocket = await joined(author.token);
    const text = `${'You clearly know nothing about tea, and everybody watching this can see it. '.repeat(3)}Go away.`;
    const { comment } = await send(authorSocket, text);
    const [first, second] = (await Promise.all([make.user(), make.user()])) as [Made, Made];

    // At once, while the comment may still wait in the write batch.
    const filed = await report(first, comment.id, { details: 'Insulting the host' });
    expect(filed.status).toBe(201);
    expect(filed.body).toEqual({
      id: expect.any(String),
      targetType: 'comment',
      targetId: comment.id,
      reason: 'offensive',
      details: 'Insulting the host',
      status: 'open',
      createdAt: expect.any(String),
    });
    const again = await report(first, comment.id, { reason: 'scam' });
    expect([again.status, again.body.id]).toEqual([200, filed.body.id]);
    expect((await report(second, comment.id, { reason: 'other' })).status).toBe(201);

    const kase = (await casesWith('open')).find((c) => c.targetId === comment.id);
    expect(kase).toMatchObject({ targetType: 'comment', status: 'open', reportCount: 2 });
    const target = kase?.target as { title: string };
    expect(target).toEqual({
      title: expect.stringMatching(/…$/),
      merchantId: author.user.id,
      merchantName: 'Rude Ruth',
      status: 'visible',
      url: `/live/${streamId}`,
      comment: { text: comment.text, streamId, streamTitle: 'Tea tasting live', at: comment.at },
    });
    // Cut at a word, short enough for a list row, and the start of what was said.
    expect([...target.title].length).toBeLessThanOrEqual(80);
    expect(text.startsWith(target.title.slice(0, -1))).toBe(true);
    expect(target.title.at(-2)).not.toBe(' ');
  });

  it('answers 400 CANNOT_REPORT_OWN for one’s own comment, 404 for an unknown or removed one, 400 for a bad body', async () => {
    const author = await make.user();
    const socket = await joined(author.token);
    const { comment } = await send(socket, 'my own words');
    const own = await report(author, comment.id);
    expect([own.status, own.body.error]).toEqual([400, { code: 'CANNOT_REPORT_OWN', message: 'You cannot report your own comment' }]);

    const reporter = await make.user();
    const unknown = await report(reporter, 'no-such-comment');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const deleted = nextEvent(socket, 'comment:deleted', (d) => d.id === comment.id);
    expect((await engine.http('DELETE', `/api/streams/${streamId}/comments/${comment.id}`, { token: kol.token })).status).toBe(204);
    await deleted;
    const removed = await report(reporter, comment.id);
    expect([removed.status, removed.body.error.code]).toEqual([404, 'NOT_FOUND']);

    for (const body of [
      { targetType: 'chat', targetId: comment.id, reason: 'offensive' },
      { targetType: 'comment', reason: 'offensive' },
      { targetType: 'comment', targetId: comment.id, reason: 'rude' },
    ]) {
      const bad = await engine.http('POST', '/api/reports', { token: reporter.token, body });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await casesWith('open')).some((c) => c.targetId === comment.id)).toBe(false);
  });

  it('removes a reported comment for everyone: viewers get comment:deleted, it leaves the snapshot, its reports are actioned and logged', async () => {
    const author = await make.user(['viewer'], { displayName: 'Troll Tom' });
    const authorSocket = await joined(author.token);
    const watcher = await joined();
    const { comment } = await send(authorSocket, 'this host is an idiot');
    expect(await recentIds()).toContain(comment.id);
    const reporter = await make.user();
    expect((await report(reporter, comment.id)).status).toBe(201);

    const seen = nextEvent(watcher, 'comment:deleted', (d) => d.id === comment.id);
    const removed = await asAdmin('POST', `/api/admin/comments/${comment.id}/remove`, { reason: REMOVE_REASON });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({
      id: comment.id,
      streamId,
      userId: author.user.id,
      status: 'removed',
      moderation: { reason: REMOVE_REASON, at: expect.any(String) },
    });
    expect(await seen).toEqual({ id: comment.id });
    expect(await recentIds()).not.toContain(comment.id);
    const [row] = await engine.infra.database.db.select().from(comments).where(eq(comments.id, comment.id));
    expect(row?.isDeleted).toBe(true);

    expect((await casesWith('open')).some((c) => c.targetId === comment.id)).toBe(false);
    expect((await casesWith('actioned')).find((c) => c.targetId === comment.id)).toMatchObject({
      status: 'actioned',
      resolutionNote: REMOVE_REASON,
      target: { title: 'this host is an idiot', status: 'removed', merchantName: 'Troll Tom' },
    });
    expect(await logFor(comment.id)).toEqual([
      {
        id: expect.any(String),
        action: 'remove_comment',
        targetType: 'comment',
        targetId: comment.id,
        targetTitle: 'this host is an idiot',
        reason: REMOVE_REASON,
        adminId: admin.user.id,
        adminName: 'Mia Moderator',
        createdAt: expect.any(String),
      },
    ]);

    const twice = await asAdmin('POST', `/api/admin/comments/${comment.id}/remove`, { reason: REMOVE_REASON });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'COMMENT_ALREADY_REMOVED']);
    expect(await logFor(comment.id)).toHaveLength(1);
  });

  it('restricts a user from chat in every stream (CHAT_BANNED), tells them why, and lifting lets them chat again', async () => {
    const author = await make.user(['viewer'], { displayName: 'Spammy Sam' });
    const [here, there] = [await joined(author.token), await joined(author.token, otherStreamId)];
    const bystander = await joined((await make.user()).token, otherStreamId);
    const { comment } = await send(here, 'buy followers at spam.example');
    const reporter = await make.user();
    expect((await report(reporter, comment.id, { reason: 'scam' })).status).toBe(201);

    const told = nextEvent(here, 'notification:new', (n) => n.kind === 'chat_banned');
    const banned = await asAdmin('POST', `/api/admin/users/${author.user.id}/chat-ban`, { reason: BAN_REASON });
    expect(banned.status).toBe(200);
    expect(banned.body).toEqual({
      userId: author.user.id,
      displayName: 'Spammy Sam',
      reason: BAN_REASON,
      until: null,
      at: expect.any(String),
      adminId: admin.user.id,
      adminName: 'Mia Moderator',
    });
    expect((await told).payload).toEqual({ reason: BAN_REASON, until: null });

    // Refused in both streams, with the reason and the end in words; nothing reaches either room.
    for (const [socket, stream] of [
      [here, streamId],
      [there, otherStreamId],
    ] as const) {
      const refused = await send(socket, 'still here', stream);
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'CHAT_BANNED',
          message: `You can't chat right now: ${BAN_REASON}, until Streamcart lifts the restriction`,
          details: { reason: BAN_REASON, until: null },
        },
      });
    }
    expect((await send(bystander, 'others chat on', otherStreamId)).ok).toBe(true);
    const texts = ((await engine.http('GET', `/api/streams/${otherStreamId}/comments`)).body.items as { text: string }[]).map(
      (c) => c.text,
    );
    expect(texts).toContain('others chat on');
    expect(texts).not.toContain('still here');

    // The reports on their comments are actioned; the list and the log show the ban.
    expect((await casesWith('actioned')).find((c) => c.targetId === comment.id)).toMatchObject({ resolutionNote: BAN_REASON });
    const bans = (await asAdmin('GET', '/api/admin/chat-bans?limit=100')).body;
    expect(bans.items.filter((b: { userId: string }) => b.userId === author.user.id)).toEqual([banned.body]);

    const liftedNote = nextEvent(here, 'notification:new', (n) => n.kind === 'chat_ban_lifted');
    const lifted = await asAdmin('DELETE', `/api/admin/users/${author.user.id}/chat-ban`);
    expect(lifted.status).toBe(204);
    await liftedNote;
    expect((await send(here, 'sorry, it will not happen again')).ok).toBe(true);
    expect((await send(there, 'hello sneakers', otherStreamId)).ok).toBe(true);
    expect(
      ((await asAdmin('GET', '/api/admin/chat-bans?limit=100')).body.items as { userId: string }[]).map((b) => b.userId),
    ).not.toContain(author.user.id);
    const liftAgain = await asAdmin('DELETE', `/api/admin/users/${author.user.id}/chat-ban`);
    expect([liftAgain.status, liftAgain.body.error.code]).toEqual([409, 'NOT_CHAT_BANNED']);

    expect(
      (await logFor(author.user.id)).map((e) => {
        const { action, targetType, targetTitle, reason } = e as Record<string, unknown>;
        return { action, targetType, targetTitle, reason };
      }),
    ).toEqual([
      { action: 'lift_chat_ban', targetType: 'user', targetTitle: 'Spammy Sam', reason: null },
      { action: 'chat_ban', targetType: 'user', targetTitle: 'Spammy Sam', reason: BAN_REASON },
    ]);
  });

  it('ends a ban of some days by itself, and a new ban replaces the one in force', async () => {
    const author = await make.user();
    const socket = await joined(author.token);
    const first = await asAdmin('POST', `/api/admin/users/${author.user.id}/chat-ban`, { reason: 'Cool down for a day', days: 1 });
    expect(first.status).toBe(200);
    const banned = await asAdmin('POST', `/api/admin/users/${author.user.id}/chat-ban`, { reason: BAN_REASON, days: 3 });
    const until = banned.body.until as string;
    expect(Date.parse(until) - Date.parse(banned.body.at)).toBe(3 * DAY_MS);

    // The flag the comment path reads expires with the ban.
    const ttlMs = await engine.infra.redis.pttl(moderationKeys.chatBan(author.user.id));
    expect(ttlMs).toBeGreaterThan(3 * DAY_MS - 60_000);
    expect(ttlMs).toBeLessThanOrEqual(3 * DAY_MS);
    const refused = await send(socket, 'let me talk');
    expect(refused.error.code).toBe('CHAT_BANNED');
    expect(refused.error.message).toBe(`You can't chat right now: ${BAN_REASON}, until ${until.slice(0, 10)} ${until.slice(11, 16)} UTC`);
    expect(refused.error.details).toEqual({ reason: BAN_REASON, until });

    clock.offsetMs = 3 * DAY_MS - 60_000;
    expect((await send(socket, 'a minute early')).error.code).toBe('CHAT_BANNED');
    clock.offsetMs = 3 * DAY_MS + 1000;
    expect((await send(socket, 'back after three days')).ok).toBe(true);
    expect(
      ((await asAdmin('GET', '/api/admin/chat-bans?limit=100')).body.items as { userId: string }[]).map((b) => b.userId),
    ).not.toContain(author.user.id);
    const lift = await asAdmin('DELETE', `/api/admin/users/${author.user.id}/chat-ban`);
    expect([lift.status, lift.body.error.code]).toEqual([409, 'NOT_CHAT_BANNED']);
  });

  it('keeps a ban when Redis loses its flags: the next comment loads them again from PostgreSQL', async () => {
    const banned = await make.user();
    const liftedLater = await make.user();
    const [bannedSocket, liftedSocket] = [await joined(banned.token), await joined(liftedLater.token)];
    for (const user of [banned, liftedLater]) {
      expect((await asAdmin('POST', `/api/admin/users/${user.user.id}/chat-ban`, { reason: BAN_REASON, days: 30 })).status).toBe(200);
    }
    expect((await asAdmin('DELETE', `/api/admin/users/${liftedLater.user.id}/chat-ban`)).status).toBe(204);

    // As a FLUSHALL would leave this engine: no ban flag and no marker.
    const raw = new Redis(REDIS_URL);
    try {
      const flagKeys = await raw.keys(`${engine.redisPrefix}:{chat-bans}:*`);
      expect(flagKeys).toContain(`${engine.redisPrefix}:${moderationKeys.chatBan(banned.user.id)}`);
      await raw.del(...flagKeys);
    } finally {
      raw.disconnect();
    }
    expect(await engine.infra.redis.exists(moderationKeys.chatBan(banned.user.id))).toBe(0);

    expect((await send(bannedSocket, 'the coast is clear?')).error).toMatchObject({ code: 'CHAT_BANNED', details: { reason: BAN_REASON } });
    expect((await send(liftedSocket, 'I was lifted before the flush')).ok).toBe(true);
    const ttlMs = await engine.infra.redis.pttl(moderationKeys.chatBan(banned.user.id));
    expect(ttlMs).toBeGreaterThan(29 * DAY_MS);
    expect(await engine.infra.redis.exists(moderationKeys.chatBansLoaded())).toBe(1);
  });

  it('is for admins only, answers 404 for an unknown comment or user and 400 for bad bodies', async () => {
    const author = await make.user();
    const socket = await joined(author.token);
    const { comment } = await send(socket, 'an ordinary comment');
    const viewer = await make.user();
    const calls: [string, string, unknown][] = [
      ['POST', `/api/admin/comments/${comment.id}/remove`, { reason: REMOVE_REASON }],
      ['POST', `/api/admin/users/${author.user.id}/chat-ban`, { reason: BAN_REASON }],
      ['DELETE', `/api/admin/users/${author.user.id}/chat-ban`, undefined],
      ['GET', '/api/admin/chat-bans', undefined],
    ];
    for (const [method, url, body] of calls) {
      const anonymous = await asAdmin(method, url, body, null);
      expect([anonymous.status, anonymous.body.error.code], `${method} ${url}`).toEqual([401, 'UNAUTHENTICATED']);
      for (const someone of [viewer, kol]) {
        const refused = await asAdmin(method, url, body, someone.token);
        expect([refused.status, refused.body.error.code], `${method} ${url}`).toEqual([403, 'FORBIDDEN']);
      }
    }

    const unknownComment = await asAdmin('POST', '/api/admin/comments/no-such-comment/remove', { reason: REMOVE_REASON });
    expect([unknownComment.status, unknownComment.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const unknownUser = await asAdmin('POST', '/api/admin/users/no-such-user/chat-ban', { reason: BAN_REASON });
    expect([unknownUser.status, unknownUser.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const unknownLift = await asAdmin('DELETE', '/api/admin/users/no-such-user/chat-ban');
    expect([unknownLift.status, unknownLift.body.error.code]).toEqual([404, 'NOT_FOUND']);

    for (const body of [{}, { reason: ' x ' }, { reason: 'y'.repeat(501) }]) {
      const bad = await asAdmin('POST', `/api/admin/comments/${comment.id}/remove`, body);
      expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    for (const body of [
      {},
      { reason: 'no' },
      { reason: BAN_REASON, days: 0 },
      { reason: BAN_REASON, days: 366 },
      { reason: BAN_REASON, days: 1.5 },
      { reason: BAN_REASON, days: '3' },
    ]) {
      const bad = await asAdmin('POST', `/api/admin/users/${author.user.id}/chat-ban`, body);
      expect([bad.status, bad.body.error.code], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
    }
    const badPage = await asAdmin('GET', '/api/admin/chat-bans?limit=0');
    expect([badPage.status, badPage.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);

    // Nothing of that changed anything.
    expect((await send(socket, 'still talking')).ok).toBe(true);
    expect(await recentIds()).toContain(comment.id);
    expect(await logFor(comment.id)).toEqual([]);
    expect(await logFor(author.user.id)).toEqual([]);
  });
});

// PGlite has one connection: a step that read outside its action's transaction would wait forever.
describe('comment moderation on the embedded PGlite', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ database: 'pglite' });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('reports and removes a comment, and loads a chat ban back into Redis from the database', async () => {
    const admin = await makeAdmin(engine);
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token);
    const author = await make.user();
    const socket = await engine.connect(author.token);
    expect((await request(socket, 'stream:join', { streamId: stream.id })).ok).toBe(true);
    const { comment } = await request(socket, 'comment:send', { streamId: stream.id, text: 'rude words' });
    const reporter = await make.user();
    const filed = await engine.http('POST', '/api/reports', {
      token: reporter.token,
      body: { targetType: 'comment', targetId: comment.id, reason: 'offensive' },
    });
    expect(filed.status).toBe(201);
    const removed = await engine.http('POST', `/api/admin/comments/${comment.id}/remove`, {
      token: admin.token,
      body: { reason: REMOVE_REASON },
    });
    expect(removed.body.status).toBe('removed');

    const banned = await engine.http('POST', `/api/admin/users/${author.user.id}/chat-ban`, {
      token: admin.token,
      body: { reason: BAN_REASON, days: 2 },
    });
    expect(banned.status).toBe(200);
    await engine.infra.redis.del(moderationKeys.chatBan(author.user.id), moderationKeys.chatBansLoaded());
    expect((await request(socket, 'comment:send', { streamId: stream.id, text: 'again' })).error.code).toBe('CHAT_BANNED');
    expect((await engine.http('DELETE', `/api/admin/users/${author.user.id}/chat-ban`, { token: admin.token })).status).toBe(204);
    expect((await request(socket, 'comment:send', { streamId: stream.id, text: 'sorry' })).ok).toBe(true);
    const actions = (await engine.http('GET', '/api/admin/moderation-log', { token: admin.token })).body.items.map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(['lift_chat_ban', 'chat_ban', 'remove_comment']);
  });
});

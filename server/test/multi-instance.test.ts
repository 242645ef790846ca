import { randomBytes } from 'node:crypto';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL } from './harness.ts';
import { type LiveClient, nextEvent, request } from './live-client.ts';
import { freePort, type ServerProcess, startProcess } from './server-process.ts';
import { createTestDatabase } from './test-db.ts';

describe('two API server processes', () => {
  const servers: ServerProcess[] = [];
  const sockets: LiveClient[] = [];
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: `t${randomBytes(5).toString('hex')}`,
      MEDIASOUP_WORKERS: '1',
      NODE_ENV: 'test',
    };
    // One at a time: the first applies the migrations.
    servers.push(await startProcess('server/src/main.ts', { ...env, RTC_MIN_PORT: '43000', RTC_MAX_PORT: '43099' }, await freePort()));
    servers.push(await startProcess('server/src/main.ts', { ...env, RTC_MIN_PORT: '43100', RTC_MAX_PORT: '43199' }, await freePort()));
  }, 90_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(servers.map((s) => s.stop()));
    await drop?.();
  });

  async function post(url: string, body: unknown, token?: string) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await response.json()) as any;
  }

  async function connect(url: string, token: string): Promise<LiveClient> {
    const socket: LiveClient = connectSocket(`${url}/live`, { auth: { token }, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    await new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(undefined));
      socket.once('connect_error', reject);
    });
    return socket;
  }

  it('deliver a comment sent through one to viewers on the other, one by one or batched, and add up viewer counts', async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('servers missing');
    const register = (url: string, roles: string[]) =>
      post(`${url}/api/auth/register`, {
        email: `${randomBytes(4).toString('hex')}@example.test`,
        password: 'long enough pass',
        displayName: 'Tester',
        roles,
      });
    const kol = await register(a.url, ['kol']);
    const alice = await register(a.url, ['viewer']);
    const bob = await register(b.url, ['viewer']);
    const stream = await post(`${a.url}/api/streams`, { title: 'Across processes' }, kol.token);
    await post(`${b.url}/api/streams/${stream.id}/start`, {}, kol.token);

    const onA = await connect(a.url, alice.token);
    const onB = await connect(b.url, bob.token);
    await request(onA, 'stream:join', { streamId: stream.id });
    const countOnA = nextEvent(onA, 'viewers:count', (c) => c.count === 2);
    await request(onB, 'stream:join', { streamId: stream.id });
    await countOnA;

    // An anonymous socket on B that asked for batches gets the comment in B's own comment:batch.
    const batchedOnB = await connect(b.url, '');
    await request(batchedOnB, 'stream:join', { streamId: stream.id, commentBatching: true });
    const received = nextEvent(onB, 'comment:new', (c) => c.text === 'hello from process A');
    const batched = nextEvent(batchedOnB, 'comment:batch', (batch) => batch.comments.some((c) => c.text === 'hello from process A'));
    expect((await request(onA, 'comment:send', { streamId: stream.id, text: 'hello from process A' })).ok).toBe(true);
    expect((await received).userId).toBe(alice.user.id);
    expect((await batched).comments.map((c) => c.userId)).toEqual([alice.user.id]);

    for (const server of servers) {
      // By KOL: `status=live` lists only streams whose media flows (ADR 0014), and this one publishes none.
      const live = (await (await fetch(`${server.url}/api/streams?kolId=${kol.user.id}`)).json()) as {
        items: { id: string; viewerCount: number }[];
      };
      expect(live.items.find((s) => s.id === stream.id)?.viewerCount).toBe(3);
    }
  });
});

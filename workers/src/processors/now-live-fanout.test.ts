import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../../server/test/factories.ts';
import { startTestEngine, type TestEngine } from '../../../server/test/harness.ts';
import { nowLiveFanout } from './now-live-fanout.ts';

describe('the "now live" fan-out processor', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('writes each follower one notification however often the same job runs', async () => {
    const make = factories(engine);
    const kol = await make.user(['kol']);
    const fans = await Promise.all([make.user(), make.user()]);
    for (const fan of fans) await engine.http('POST', `/api/kols/${kol.user.id}/follow`, { token: fan.token });
    const job = { streamId: 'stream-of-this-test', kolId: kol.user.id, title: 'Retried', afterFollowerId: null };
    const run = nowLiveFanout(engine.services);
    expect(await run(job)).toEqual({ notified: 2 });
    expect(await run(job)).toEqual({ notified: 0 });
    for (const fan of fans) {
      const inbox = (await engine.http('GET', '/api/me/notifications', { token: fan.token })).body;
      expect(inbox.items.filter((n: { payload: { title: string } }) => n.payload.title === 'Retried')).toHaveLength(1);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent, request } from './live-client.ts';

describe('ordering and pruning the showcase', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let kol: { token: string; user: { id: string } };
  let merchant: { token: string };

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    kol = await make.user(['kol']);
    merchant = await make.user(['merchant']);
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** A stream of `kol` with `n` products in its showcase, in the order added. */
  async function showcased(n: number): Promise<{ streamId: string; productIds: string[] }> {
    const streamId = (await make.stream(kol.token)).id;
    const productIds: string[] = [];
    for (let i = 0; i < n; i++) {
      const product = await make.product(merchant.token, { title: `Item ${i}` });
      expect(
        (await engine.http('POST', `/api/streams/${streamId}/showcase`, { token: kol.token, body: { productId: product.id } })).status,
      ).toBe(201);
      productIds.push(product.id);
    }
    return { streamId, productIds };
  }

  const showcaseIds = async (streamId: string): Promise<string[]> =>
    (await engine.http('GET', `/api/streams/${streamId}`)).body.showcase.map((p: { id: string }) => p.id);

  it('PUT /streams/:id/showcase puts the products in the given order, and the stream page keeps it', async () => {
    const { streamId, productIds } = await showcased(3);
    const [a, b, c] = productIds;
    const order = [c, a, b];
    const { status, body } = await engine.http('PUT', `/api/streams/${streamId}/showcase`, {
      token: kol.token,
      body: { productIds: order },
    });
    expect(status).toBe(200);
    expect(body.items.map((p: { id: string }) => p.id)).toEqual(order);
    expect(await showcaseIds(streamId)).toEqual(order);

    // A product added afterwards goes to the end.
    const d = (await make.product(merchant.token)).id;
    await engine.http('POST', `/api/streams/${streamId}/showcase`, { token: kol.token, body: { productId: d } });
    expect(await showcaseIds(streamId)).toEqual([...order, d]);
  });

  it('answers 400 when the ids are not exactly the showcased products, and leaves the order alone', async () => {
    const { streamId, productIds } = await showcased(2);
    const [a, b] = productIds as [string, string];
    const stranger = (await make.product(merchant.token)).id;
    for (const ids of [[a], [a, b, stranger], [a, a], [b, stranger], []]) {
      const { status, body } = await engine.http('PUT', `/api/streams/${streamId}/showcase`, {
        token: kol.token,
        body: { productIds: ids },
      });
      expect(status, JSON.stringify(ids)).toBe(400);
      expect(body.error.code).toBe('VALIDATION_FAILED');
    }
    const malformed = await engine.http('PUT', `/api/streams/${streamId}/showcase`, { token: kol.token, body: { productIds: 'nope' } });
    expect(malformed.status).toBe(400);
    expect(await showcaseIds(streamId)).toEqual([a, b]);
  });

  it('answers 403 to anyone but the stream’s KOL, 401 when signed out and 404 for an unknown stream', async () => {
    const { streamId, productIds } = await showcased(2);
    const reversed = [...productIds].reverse();
    const otherKol = await make.user(['kol']);
    const viewer = await make.user();
    expect(
      (await engine.http('PUT', `/api/streams/${streamId}/showcase`, { token: otherKol.token, body: { productIds: reversed } })).status,
    ).toBe(403);
    expect(
      (await engine.http('PUT', `/api/streams/${streamId}/showcase`, { token: viewer.token, body: { productIds: reversed } })).status,
    ).toBe(403);
    expect((await engine.http('PUT', `/api/streams/${streamId}/showcase`, { body: { productIds: reversed } })).status).toBe(401);
    expect(
      (await engine.http('PUT', '/api/streams/no-such-stream/showcase', { token: kol.token, body: { productIds: reversed } })).status,
    ).toBe(404);
    expect(await showcaseIds(streamId)).toEqual(productIds);
  });

  it('DELETE /streams/:id/showcase/:productId removes the product, and unpins it for every viewer if it was pinned', async () => {
    const { streamId, productIds } = await showcased(3);
    const [a, b, c] = productIds as [string, string, string];
    await engine.http('POST', `/api/streams/${streamId}/start`, { token: kol.token });

    const removed = await engine.http('DELETE', `/api/streams/${streamId}/showcase/${a}`, { token: kol.token });
    expect(removed.status).toBe(200);
    expect(removed.body.items.map((p: { id: string }) => p.id)).toEqual([b, c]);

    expect((await engine.http('POST', `/api/streams/${streamId}/pin`, { token: kol.token, body: { productId: b } })).status).toBe(200);
    const viewer = await engine.connect();
    expect((await request(viewer, 'stream:join', { streamId })).snapshot.pinnedProduct.id).toBe(b);
    const unpinned = nextEvent(viewer, 'pin:changed', (p) => p.product === null);
    expect((await engine.http('DELETE', `/api/streams/${streamId}/showcase/${b}`, { token: kol.token })).status).toBe(200);
    await unpinned;
    const page = (await engine.http('GET', `/api/streams/${streamId}`)).body;
    expect(page.pinnedProductId).toBeNull();
    expect(page.showcase.map((p: { id: string }) => p.id)).toEqual([c]);

    // Removing an unpinned product leaves the pin alone.
    await engine.http('POST', `/api/streams/${streamId}/showcase`, { token: kol.token, body: { productId: a } });
    await engine.http('POST', `/api/streams/${streamId}/pin`, { token: kol.token, body: { productId: a } });
    await engine.http('DELETE', `/api/streams/${streamId}/showcase/${c}`, { token: kol.token });
    expect((await engine.http('GET', `/api/streams/${streamId}`)).body.pinnedProductId).toBe(a);
  });

  it('answers 404 for a product not in the showcase and 403 to another KOL', async () => {
    const { streamId, productIds } = await showcased(1);
    const otherKol = await make.user(['kol']);
    const stranger = (await make.product(merchant.token)).id;
    expect((await engine.http('DELETE', `/api/streams/${streamId}/showcase/${stranger}`, { token: kol.token })).status).toBe(404);
    expect((await engine.http('DELETE', `/api/streams/${streamId}/showcase/${productIds[0]}`, { token: otherKol.token })).status).toBe(403);
    expect(await showcaseIds(streamId)).toEqual(productIds);
  });

  it('tells the stream room the new order of the bag with showcase:changed', async () => {
    const { streamId, productIds } = await showcased(2);
    const viewer = await engine.connect();
    await request(viewer, 'stream:join', { streamId });
    const reversed = [...productIds].reverse();
    const changed = nextEvent(viewer, 'showcase:changed', (e) => e.streamId === streamId);
    await engine.http('PUT', `/api/streams/${streamId}/showcase`, { token: kol.token, body: { productIds: reversed } });
    expect((await changed).productIds).toEqual(reversed);
  });
});

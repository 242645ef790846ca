import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';

describe('the home feed: search, categories and live poster frames', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const putPoster = (streamId: string, token: string | undefined, body: Buffer, type = 'image/jpeg') =>
    fetch(`${engine.url}/api/streams/${streamId}/poster`, {
      method: 'PUT',
      headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: new Uint8Array(body),
    });

  it('narrows the feed to every word of the query and to a category, and lists the categories on offer', async () => {
    const merchant = await make.user(['merchant']);
    const kol = await make.user(['kol']);
    const tea = await make.product(merchant.token, { title: 'Longjing green tea', category: 'tea' });
    await make.product(merchant.token, { title: 'Oolong tea tin', category: 'tea' });
    await make.product(merchant.token, { title: 'Silk scarf', category: 'fashion' });
    await make.stream(kol.token, { title: 'Spring tea tasting' });

    const search = await engine.http('GET', `/api/feed/for-you?q=${encodeURIComponent('GREEN tea')}`);
    expect(search.status).toBe(200);
    expect(search.body.items.map((i: { id: string }) => i.id)).toEqual([tea.id]);

    const teaOnly = await engine.http('GET', '/api/feed/for-you?category=tea');
    expect(teaOnly.body.items).toHaveLength(2);
    expect(teaOnly.body.items.every((i: { type: string; category: string }) => i.type === 'product' && i.category === 'tea')).toBe(true);

    const streams = await engine.http('GET', '/api/feed/for-you?q=tasting');
    expect(streams.body.items.map((i: { type: string; title: string }) => [i.type, i.title])).toEqual([['stream', 'Spring tea tasting']]);

    const categories = await engine.http('GET', '/api/feed/categories');
    expect(categories.body.items).toEqual(['tea', 'fashion']);
  });

  it("stores the KOL's frame re-encoded as WebP, refuses others and non-images, and answers 404 before any frame", async () => {
    const kol = await make.user(['kol']);
    const otherKol = await make.user(['kol']);
    const stream = await make.stream(kol.token);
    const frame = await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#e11d48' } })
      .jpeg()
      .toBuffer();

    expect((await engine.http('GET', `/api/streams/${stream.id}/poster`)).status).toBe(404);
    expect((await putPoster(stream.id, undefined, frame)).status).toBe(401);
    expect((await putPoster(stream.id, otherKol.token, frame)).status).toBe(404);
    const notImage = await putPoster(stream.id, kol.token, Buffer.from('GIF89a, but not really'));
    expect(notImage.status).toBe(415);
    expect(((await notImage.json()) as { error: { code: string } }).error.code).toBe('POSTER_NOT_AN_IMAGE');
    expect((await engine.http('GET', `/api/streams/${stream.id}/poster`)).status).toBe(404);

    expect((await putPoster(stream.id, kol.token, frame)).status).toBe(204);
    const poster = await fetch(`${engine.url}/api/streams/${stream.id}/poster`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await poster.arrayBuffer())).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(480);
  });

  it('answers 413 in the error shape for a frame over 512 KB', async () => {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token);
    const response = await putPoster(stream.id, kol.token, Buffer.alloc(600 * 1024, 1));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

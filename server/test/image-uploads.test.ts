import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type MadeUser } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';

/** A real picture: colour bands (a few KB however large). */
async function picture(width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png', withExif = false): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      pixels.set([32 * Math.floor((8 * x) / width), 32 * Math.floor((8 * y) / height), 128], (y * width + x) * 3);
  }
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  if (withExif) image.withExif({ IFD0: { Artist: 'Seller phone', Copyright: 'GPS 31.23N 121.47E' } });
  return image.toFormat(format).toBuffer();
}

describe('image uploads (POST /api/uploads/images)', () => {
  let engine: TestEngine;
  let merchant: MadeUser;
  let kol: MadeUser;
  let viewer: MadeUser;

  beforeAll(async () => {
    // Small limits so the edges are cheap to reach: 64 KB, 200–2000 px a side.
    engine = await startTestEngine({ env: { UPLOAD_MAX_BYTES: String(64 * 1024), UPLOAD_MIN_PIXELS: '200', UPLOAD_MAX_PIXELS: '2000' } });
    const make = factories(engine);
    [merchant, kol, viewer] = await Promise.all([make.user(['merchant']), make.user(['kol']), make.user(['viewer'])]);
  });
  afterAll(async () => {
    await engine?.close();
  });

  async function upload(token: string | undefined, bytes: Buffer, filename = 'photo.png', type = 'image/png', field = 'image') {
    const form = new FormData();
    form.append(field, new Blob([new Uint8Array(bytes)], { type }), filename);
    const response = await fetch(`${engine.url}/api/uploads/images`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: form,
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  it('stores a real PNG with a square WebP thumbnail, both served under /uploads/ with long caching', async () => {
    const png = await picture(640, 480);
    const { status, body } = await upload(merchant.token, png);
    expect(status).toBe(201);
    expect(body).toMatchObject({ width: 640, height: 480 });
    expect(body.url).toMatch(/^\/uploads\/images\/[0-9a-f-]{36}\.png$/);
    expect(body.thumbnailUrl).toMatch(/^\/uploads\/images\/[0-9a-f-]{36}-thumb\.webp$/);

    const image = await fetch(`${engine.url}${body.url}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toContain('immutable');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({ format: 'png', width: 640, height: 480 });

    const thumb = await fetch(`${engine.url}${body.thumbnailUrl}`);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).toMatchObject({ format: 'webp', width: 320, height: 320 });
  });

  it('KOLs upload too (show covers); a JPEG keeps its type and loses its EXIF metadata', async () => {
    const jpeg = await picture(400, 300, 'jpeg', true);
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const { status, body } = await upload(kol.token, jpeg, 'cover.jpg', 'image/jpeg');
    expect(status).toBe(201);
    expect(body.url).toMatch(/\.jpg$/);
    const stored = Buffer.from(await (await fetch(`${engine.url}${body.url}`)).arrayBuffer());
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
  });

  it('a WebP passes; the type comes from the bytes, not the name or the declared type', async () => {
    const webp = await picture(300, 300, 'webp');
    const { status, body } = await upload(merchant.token, webp, 'holiday.png', 'image/png');
    expect(status).toBe(201);
    expect(body.url).toMatch(/\.webp$/);
  });

  it('a text file named .png is refused with 415 IMAGE_TYPE_NOT_ALLOWED', async () => {
    const { status, body } = await upload(merchant.token, Buffer.from('just some text, not a picture\n'.repeat(20)), 'fake.png');
    expect(status).toBe(415);
    expect(body.error.code).toBe('IMAGE_TYPE_NOT_ALLOWED');
  });

  it('a GIF or an SVG is refused with 415 (only JPEG, PNG and WebP)', async () => {
    const gif = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#c33' } })
      .gif()
      .toBuffer();
    expect((await upload(merchant.token, gif, 'a.gif', 'image/gif')).body.error.code).toBe('IMAGE_TYPE_NOT_ALLOWED');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><script>alert(1)</script></svg>');
    expect((await upload(merchant.token, svg, 'a.svg', 'image/svg+xml')).status).toBe(415);
  });

  it('a PNG signature over garbage is refused with 400 IMAGE_UNREADABLE', async () => {
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
    const { status, body } = await upload(merchant.token, broken);
    expect(status).toBe(400);
    expect(body.error.code).toBe('IMAGE_UNREADABLE');
  });

  it('a file over UPLOAD_MAX_BYTES is refused with 413 IMAGE_TOO_LARGE, and the engine keeps serving', async () => {
    const noise = await sharp(Buffer.from(Array.from({ length: 600 * 600 * 3 }, () => Math.floor(Math.random() * 256))), {
      raw: { width: 600, height: 600, channels: 3 },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(64 * 1024);
    const { status, body } = await upload(merchant.token, noise);
    expect(status).toBe(413);
    expect(body.error.code).toBe('IMAGE_TOO_LARGE');
    expect(body.error.message).toContain('0.1 MB');
    expect((await upload(merchant.token, await picture(300, 300))).status).toBe(201);
  });

  it('too few or too many pixels are refused with 400 IMAGE_DIMENSIONS, saying the limits', async () => {
    const small = await upload(merchant.token, await picture(199, 600));
    expect(small.status).toBe(400);
    expect(small.body.error).toMatchObject({
      code: 'IMAGE_DIMENSIONS',
      details: { width: 199, height: 600, minPixels: 200, maxPixels: 2000 },
    });
    const wide = await upload(merchant.token, await picture(2001, 200));
    expect(wide.status).toBe(400);
    expect(wide.body.error.code).toBe('IMAGE_DIMENSIONS');
    expect(wide.body.error.message).toContain('between 200 and 2000 pixels');
  });

  it('signed out → 401, a viewer → 403, no file or a JSON body → 400 IMAGE_MISSING', async () => {
    const png = await picture(300, 300);
    expect((await upload(undefined, png)).status).toBe(401);
    const asViewer = await upload(viewer.token, png);
    expect(asViewer.status).toBe(403);
    expect(asViewer.body.error.code).toBe('FORBIDDEN');
    const wrongField = await upload(merchant.token, png, 'a.png', 'image/png', 'photo');
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.code).toBe('IMAGE_MISSING');
    const json = await engine.http('POST', '/api/uploads/images', { token: merchant.token, body: { url: 'x' } });
    expect(json.status).toBe(400);
    expect(json.body.error.code).toBe('IMAGE_MISSING');
  });

  it('/uploads/ serves nothing outside the store', async () => {
    for (const url of ['/uploads/../package.json', '/uploads/%2e%2e/package.json', '/uploads/images/nothing.png']) {
      const response = await fetch(`${engine.url}${url}`);
      expect(response.status, url).toBe(404);
    }
  });
});

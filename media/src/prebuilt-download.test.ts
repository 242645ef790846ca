import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveWorkerBin } from './worker-bin.ts';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'scripts/lib/mediasoup-prebuilt.sh');
const VERSION = '3.27.1';

/** Runs the download script; resolves with its exit code and stdout. */
async function download(baseUrl: string, dest: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('bash', [SCRIPT, VERSION, dest], {
      env: { ...process.env, MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL: baseUrl },
    });
    return { code: 0, stdout: stdout.trim() };
  } catch (error) {
    return { code: (error as { code?: number }).code ?? -1, stdout: '' };
  }
}

describe('mediasoup prebuilt worker download (scripts/lib/mediasoup-prebuilt.sh)', () => {
  let server: Server;
  let baseUrl: string;
  let work: string;
  let requested: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ms-prebuilt-'));
    // The release asset as mediasoup publishes it: a tgz holding mediasoup-worker, named by version and kernel.
    const workerBin = resolveWorkerBin(process.env.MEDIASOUP_WORKER_BIN);
    const tgz = path.join(work, 'asset.tgz');
    await run('tar', ['-czf', tgz, '-C', path.dirname(workerBin), path.basename(workerBin)]);
    const kernel = os.release().split('.')[0];
    const assetPath = `/${VERSION}/mediasoup-worker-${VERSION}-linux-x64-kernel${kernel}.tgz`;
    const body = await readFile(tgz);
    server = createServer((request, response) => {
      requested.push(request.url ?? '');
      if (request.url === assetPath) response.end(body);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(work, { recursive: true, force: true });
  });

  it('fetches the release asset named after the version and kernel, and installs a worker that starts', async () => {
    requested = [];
    const dest = path.join(work, 'ok');
    const result = await download(baseUrl, dest);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(path.join(dest, 'mediasoup-worker'));
    expect(requested).toHaveLength(1);
    // mediasoup's own start check: without MEDIASOUP_VERSION the worker exits with 41.
    const started = await run(result.stdout, [], { env: {} }).then(
      () => 0,
      (error: { code?: number }) => error.code,
    );
    expect(started).toBe(41);
  });

  it('gives up at once, with nothing installed, when the asset is missing, the host refuses or does not resolve', async () => {
    for (const [name, url] of [
      ['missing', `${baseUrl}/nothing-here`],
      ['refused', 'http://127.0.0.1:1'],
      ['unresolvable', 'http://mediasoup-prebuilt.invalid'],
    ] as const) {
      const dest = path.join(work, name);
      const result = await download(url, dest);
      expect(result.code, name).toBe(1);
      expect(result.stdout, name).toBe('');
    }
  });
});

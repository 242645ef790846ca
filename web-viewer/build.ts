import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import config from './vite.config.ts';

const WEB_ROOT = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(WEB_ROOT, '..');
const DIST = path.join(WEB_ROOT, 'dist');
const STAMP = '.build-hash';
const SOURCE_DIRS = ['src', 'public'];
const SOURCE_FILES = [
  'index.html',
  'live.html',
  'studio.html',
  'merchant.html',
  'product.html',
  'orders.html',
  'admin.html',
  'account.html',
  'shows.html',
  'cart.html',
  'vite.config.ts',
  'build.ts',
];
const SHARED_FILES = ['package-lock.json', 'server/src/realtime/contract.ts'];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A hash of everything the pages are built from, stored in dist so an unchanged tree is not rebuilt. */
export function sourceHash(): string {
  const files = [
    ...SOURCE_DIRS.flatMap((dir) => filesUnder(path.join(WEB_ROOT, dir))),
    ...SOURCE_FILES.map((file) => path.join(WEB_ROOT, file)),
    ...SHARED_FILES.map((file) => path.join(PROJECT_ROOT, file)),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(PROJECT_ROOT, file));
    hash.update(existsSync(file) ? readFileSync(file) : '');
  }
  return hash.digest('hex');
}

function builtHash(): string | undefined {
  const stampFile = path.join(DIST, STAMP);
  return existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : undefined;
}

/**
 * Builds the pages into web-viewer/dist with Vite, unless dist was built from the same sources.
 * The build goes to a scratch directory first, so a running server never sees half a dist.
 */
export async function buildPages(options: { force?: boolean } = {}): Promise<{ built: boolean; ms: number }> {
  const started = performance.now();
  const hash = sourceHash();
  if (!options.force && builtHash() === hash) return { built: false, ms: performance.now() - started };
  const scratch = path.join(PROJECT_ROOT, 'node_modules', '.cache', `web-viewer-build-${process.pid}-${Date.now()}`);
  try {
    await build({ ...config, configFile: false, logLevel: 'warn', build: { ...config.build, outDir: scratch } });
    writeFileSync(path.join(scratch, STAMP), hash);
    const previous = `${scratch}-previous`;
    try {
      if (existsSync(DIST)) renameSync(DIST, previous);
      renameSync(scratch, DIST);
    } catch (error) {
      // Another build of the same sources (a parallel test run) swapped its dist in first.
      if (builtHash() !== hash) throw error;
    }
    rmSync(previous, { recursive: true, force: true });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { built: true, ms: performance.now() - started };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { built, ms } = await buildPages({ force: process.argv.includes('--force') });
  process.stdout.write(`web-viewer: ${built ? 'built' : 'up to date'} in ${Math.round(ms)} ms → ${path.relative(process.cwd(), DIST)}\n`);
}

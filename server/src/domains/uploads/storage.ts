import { mkdirSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where uploaded files live. The engine ships a local-disk store; an object store (S3 and the like)
 * implements the same two calls and serves its own URLs.
 */
export interface ImageStorage {
  /** Stores `bytes` under `key` (slash-separated safe segments) and answers the URL that serves it. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<string>;
}

/** Keys are made by the engine, never by a client: lowercase letters, digits, dashes, dots, slashes. */
const SAFE_KEY = /^(?:[a-z0-9][a-z0-9.-]*\/)*[a-z0-9][a-z0-9.-]*$/;

/** Files under `root` on this machine, served by the engine under `urlPrefix` (see uploadedFileRoutes). */
export class LocalDiskImageStorage implements ImageStorage {
  readonly root: string;
  readonly urlPrefix: string;

  constructor(options: { root: string; urlPrefix?: string }) {
    this.root = path.resolve(options.root);
    this.urlPrefix = options.urlPrefix ?? '/uploads';
    mkdirSync(this.root, { recursive: true });
  }

  async put(key: string, bytes: Uint8Array): Promise<string> {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`unsafe storage key: ${key}`);
    const file = path.join(this.root, key);
    await mkdir(path.dirname(file), { recursive: true });
    // Written beside and renamed, so a reader never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, file);
    return `${this.urlPrefix}/${key}`;
  }
}

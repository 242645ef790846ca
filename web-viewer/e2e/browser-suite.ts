import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { factories } from '../../server/test/factories.ts';
import { startTestEngine, type TestEngine } from '../../server/test/harness.ts';
import { buildPages } from '../build.ts';
import { launchChromium, openPage, type TrackedPage } from './chromium.ts';

export const SCREENSHOTS_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

export interface BrowserSuite {
  readonly engine: TestEngine;
  readonly make: ReturnType<typeof factories>;
  /** A page in its own browser context (own cookies, storage and clipboard), optionally signed in already. */
  open(url: string, session?: { token: string; user: unknown }): Promise<TrackedPage>;
  shot(tracked: TrackedPage, name: string): Promise<void>;
}

/**
 * The setup every page test shares, registered as beforeAll/afterAll: the pages built once, a real
 * engine on a free port, Debian's Chromium; every page and the browser closed afterwards.
 */
export function useBrowserSuite(
  options: { engine?: Parameters<typeof startTestEngine>[0]; onNewPage?: (tracked: TrackedPage) => void } = {},
): BrowserSuite {
  let engine: TestEngine | undefined;
  let make: ReturnType<typeof factories> | undefined;
  let browser: Browser | undefined;
  const pages: TrackedPage[] = [];
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite has not started (use it inside tests)');
    return value;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    await buildPages();
    engine = await startTestEngine(options.engine);
    make = factories(engine);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const tracked of pages) await tracked.context.close().catch(() => {});
    await browser?.close();
    await engine?.close();
  });

  return {
    get engine() {
      return started(engine);
    },
    get make() {
      return started(make);
    },
    async open(url, session) {
      const base = started(engine).url;
      const tracked = await openPage(started(browser), 'about:blank');
      pages.push(tracked);
      await tracked.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      options.onNewPage?.(tracked);
      if (session) {
        await tracked.context.addInitScript((value) => localStorage.setItem('streamcart.session', value), JSON.stringify(session));
      }
      await tracked.page.goto(`${base}${url}`);
      return tracked;
    },
    async shot(tracked, name) {
      await tracked.page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), animations: 'disabled' });
    },
  };
}

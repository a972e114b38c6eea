// Shared e2e harness: the web build on 127.0.0.1, Debian's Chromium through playwright-core, a fresh persistent
// profile per test (a non-persistent context keeps IndexedDB in memory and is several times slower), and a
// recorder that fails the test if any request leaves 127.0.0.1.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_FLAGS } from '../scripts/chromium.mjs';

export const SAMPLES = resolve(import.meta.dirname, '../../shared/samples');
export const OUTPUT = resolve(import.meta.dirname, '../test-output/e2e');

export type AppSession = {
  url: string;
  page: Page;
  context: BrowserContext;
  /** Every URL the page requested (including the worker's). */
  requests: string[];
  consoleErrors: string[];
  offLoopback(): string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
};

export const openApp = async (opts: { viewport?: { width: number; height: number } } = {}): Promise<AppSession> => {
  const server = await startServer({ root: resolve(import.meta.dirname, '../dist/web') });
  const profile = mkdtempSync(join(tmpdir(), 'caseline-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    headless: true,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(server.url);
  mkdirSync(OUTPUT, { recursive: true });
  return {
    url: server.url,
    page,
    context,
    requests,
    consoleErrors,
    offLoopback: () =>
      requests.filter((u) => {
        const { protocol, hostname } = new URL(u);
        if (protocol === 'data:' || protocol === 'blob:') return false;
        return hostname !== '127.0.0.1';
      }),
    screenshot: async (name) => {
      const file = join(OUTPUT, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    close: async () => {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};

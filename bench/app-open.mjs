// The app itself opening a large case, through its UI: the web build (`npm run build` first) in headless Chromium on a
// persistent profile, N synthetic alerts imported once through the import button (the profile is kept with
// `--profile DIR`, so later runs only reopen), then the page reloaded `--reloads` times. Each reload is timed to the
// incident queue's first rows (the app's first view of a non-empty case) and, clicking Alerts as soon as they show,
// to the alert queue's first rows; the first alert row must name its incident. Screenshots go to test-output/bench/.
//   node bench/app-open.mjs [--alerts 1000000] [--profile DIR [--port 47311]] [--reloads 3]
// Prints one JSON object. Fails if the page requests anything beyond the local server.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../scripts/chromium.mjs';
import { startServer } from '../scripts/serve.mjs';

const opt = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const alerts = Number(opt('alerts', 1_000_000));
const reloads = Number(opt('reloads', 3));
const kept = opt('profile', undefined);
const profile = kept ?? mkdtempSync(join(tmpdir(), 'caseline-app-open-'));
const fresh = !existsSync(join(profile, 'Default'));
const out = resolve('test-output/bench');
mkdirSync(out, { recursive: true });

// A kept profile's case belongs to the origin it was imported on (IndexedDB is per origin): a fixed port then.
const server = await startServer({ root: resolve('dist/web'), port: kept ? Number(opt('port', 47_311)) : 0 });
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_FLAGS,
  viewport: { width: 1400, height: 850 },
});
const offLoopback = [];
context.on('request', (r) => {
  if (!r.url().startsWith(server.url)) offLoopback.push(r.url());
});
const result = { alerts, importMs: undefined, reloads: [], date: new Date().toISOString() };
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url);
  if (fresh) {
    const file = join(tmpdir(), `caseline-app-open-${alerts}.ndjson`);
    if (!existsSync(file)) execFileSync('npx', ['tsx', 'bench/write-ndjson.ts', String(alerts), file], { stdio: 'ignore' });
    const t0 = Date.now();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('empty-import').click();
    await (await chooser).setFiles(file);
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 600_000 });
    result.importMs = Date.now() - t0;
  }
  const firstRow = (queue, prefix) => page.locator(`[data-testid="${queue}"] [data-testid^="row-${prefix}"]`).first();
  for (let k = 0; k < reloads; k++) {
    const t0 = Date.now();
    await page.reload();
    await firstRow('incident-queue', 'in-').waitFor({ timeout: 120_000 });
    const incidentQueueMs = Date.now() - t0;
    if (k === 0) await page.screenshot({ path: join(out, 'app-open-incidents.png') });
    await page.getByTestId('nav-alerts').click();
    await firstRow('alert-queue', 'al-').waitFor({ timeout: 120_000 });
    const alertQueueMs = Date.now() - t0;
    const row = await firstRow('alert-queue', 'al-').innerText();
    if (!/\bin-[0-9a-z]+/.test(row)) throw new Error(`The first alert row names no incident: ${row}`);
    if (k === 0) await page.screenshot({ path: join(out, 'app-open-alerts.png') });
    await page.getByTestId('nav-incidents').click();
    result.reloads.push({ incidentQueueMs, alertQueueMs });
  }
  if (offLoopback.length) throw new Error(`The app requested ${offLoopback.length} URL(s) beyond the local server: ${offLoopback[0]}`);
  console.log(JSON.stringify(result));
} finally {
  await context.close();
  await server.close();
  if (!kept) rmSync(profile, { recursive: true, force: true });
}

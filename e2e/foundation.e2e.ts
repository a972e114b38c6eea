import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppSession } from './harness';
import { SAMPLES, openApp } from './harness';
import { Workspace } from './pages';

let app: AppSession | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A fresh app imports one real sample through the empty state's file input, its detected format accepted. */
const importSample = async (name: string, path = join(SAMPLES, name)): Promise<AppSession> => {
  const session = await openApp();
  await new Workspace(session).importFromEmptyState(path, 60_000);
  return session;
};

describe('the app in Chromium (web build)', () => {
  it('opens empty, loads the demo case, shows its alerts, and never leaves 127.0.0.1', async () => {
    app = await openApp();
    const { page } = app;
    await page.getByTestId('empty-state').waitFor();
    await app.screenshot('01-empty');
    await page.getByTestId('open-demo').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    await page.getByTestId('nav-alerts').click();
    const count = page.getByTestId('alert-queue-count');
    await expect.poll(async () => Number((await count.textContent())?.replace(/[^\d]/g, '') ?? 0), { timeout: 30_000 }).toBeGreaterThan(30);
    // Demo alerts come from two source formats.
    const accepted = await page.getByTestId('import-file-row').allTextContents();
    expect(accepted.length).toBe(2);
    expect(accepted.join(' ')).toMatch(/graph/);
    expect(accepted.join(' ')).toMatch(/suricata/);
    await app.screenshot('02-demo-alerts');
    // Open one alert: its details and original record show.
    await page.locator('[data-testid^="row-al-"]').first().click();
    await page.getByTestId('alert-detail').waitFor();
    await page.getByTestId('raw-record').waitFor();
    await app.screenshot('03-alert-detail');
    expect(app.offLoopback()).toEqual([]);
    expect(app.requests.length).toBeGreaterThan(0);
  });

  it('imports a real export through the file input and shows the import summary', async () => {
    app = await importSample('suricata-eve-wrccdc-2018.json');
    const { page } = app;
    await expect.poll(async () => page.getByTestId('accepted').first().textContent()).toBe('207');
    await page.getByTestId('nav-alerts').click();
    await expect.poll(async () => page.getByTestId('alert-queue-count').textContent(), { timeout: 30_000 }).toContain('207');
    await app.screenshot('04-suricata-import');
    expect(app.offLoopback()).toEqual([]);
  });

  it('keeps the records of an NDJSON export (stored as slices of the file) and shows one verbatim', async () => {
    app = await importSample('wazuh-alerts-ait-ldsv11-insect.json');
    const { page } = app;
    await expect.poll(async () => page.getByTestId('accepted').first().textContent()).toBe('497');
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alert-search').fill('ClamAV database update');
    await page.locator('[data-testid^="row-al-"]').first().click();
    await page.getByTestId('raw-record').waitFor();
    // The record comes back from the file's bytes IndexedDB kept: fields only the original line has are there.
    await expect.poll(async () => page.getByTestId('raw-record').textContent()).toContain('"freshclam"');
    const raw = (await page.getByTestId('raw-record').textContent()) ?? '';
    expect(raw).toContain('"ClamAV database update"');
    expect(raw).toContain('"/var/log/forensic/');
    expect(app.offLoopback()).toEqual([]);
  });

  it('reads a large NDJSON export in two parts at once and keeps every alert, its line number and its record', async () => {
    // The real Wazuh export 150 times over, each copy's alert ids made distinct: 73.5 MB, over the size the app
    // reads with two reader workers. One line late in the file carries a marker to find it by.
    const lines = readFileSync(join(SAMPLES, 'wazuh-alerts-ait-ldsv11-insect.json'), 'utf8').split('\n').filter(Boolean);
    const path = join(mkdtempSync(join(tmpdir(), 'caseline-large-')), 'wazuh-large.json');
    const out = createWriteStream(path);
    const copies = 150;
    const [markedCopy, markedLine] = [140, 7];
    for (let c = 0; c < copies; c++) {
      const copy = lines.map((l, i) => {
        const line = l.replace(/"id":"(\d+\.\d+)"/, `"id":"$1-${c}"`);
        return c === markedCopy && i === markedLine ? line.replace('"description":"', '"description":"split-marker ') : line;
      });
      out.write(`${copy.join('\n')}\n`);
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    app = await importSample('wazuh-large.json', path);
    const { page } = app;
    const total = copies * lines.length;
    await expect.poll(async () => page.getByTestId('accepted').first().textContent()).toBe(total.toLocaleString('en-US'));
    await page.getByTestId('nav-alerts').click();
    await expect.poll(async () => page.getByTestId('alert-queue-count').textContent(), { timeout: 30_000 }).toContain(total.toLocaleString('en-US'));
    await page.getByTestId('alert-search').fill('split-marker');
    await page.locator('[data-testid^="row-al-"]', { hasText: 'split-marker' }).first().click();
    await page.getByTestId('raw-record').waitFor();
    // Its line number and verbatim record, from the second part of the file.
    const lineNo = markedCopy * lines.length + markedLine + 1;
    await expect.poll(async () => page.getByTestId('alert-detail').textContent()).toContain(`wazuh-large.json #${lineNo}`);
    await expect.poll(async () => page.getByTestId('raw-record').textContent()).toContain('"split-marker IDS event."');
    expect((await page.getByTestId('raw-record').textContent()) ?? '').toContain(`-${markedCopy}"`);
    expect(app.offLoopback()).toEqual([]);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppSession } from './harness';
import { SAMPLES, openApp } from './harness';

let app: AppSession | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const FILES = ['sentinel-securityalert-demo.csv', 'wazuh-alerts-ait-ldsv11-insect.json', 'chainsaw-hunt-evtx-attack-samples.json', 'zeek-notice-wrccdc-2018.log', 'defender-for-cloud-alerts-api-example.json'];
const EXPECTED: Record<string, [format: string, accepted: number]> = {
  'sentinel-securityalert-demo.csv': ['sentinel', 189],
  'wazuh-alerts-ait-ldsv11-insect.json': ['wazuh', 497],
  'chainsaw-hunt-evtx-attack-samples.json': ['chainsaw', 551],
  'zeek-notice-wrccdc-2018.log': ['zeek', 207],
  'defender-for-cloud-alerts-api-example.json': ['defender-cloud', 2],
};

describe('ingestion through the UI', () => {
  it('imports real exports with detected formats shown, then re-imports them and sees only duplicates', async () => {
    app = await openApp();
    const { page } = app;
    await page.getByTestId('empty-state').waitFor();
    const importAll = async (): Promise<string[][]> => {
      const close = page.getByRole('button', { name: 'Close import summary' });
      if (await close.count()) await close.click();
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId(((await page.getByTestId('empty-import').count()) > 0 ? 'empty-import' : 'import-button')).click();
      await (await chooser).setFiles(FILES.map((f) => join(SAMPLES, f)));
      await page.getByTestId('import-dialog').waitFor();
      // Each file's detected format is shown and preselected.
      const rows = await page.getByTestId('import-dialog-row').allTextContents();
      for (const [i, f] of FILES.entries()) expect(rows[i]).toContain(EXPECTED[f]?.[0]);
      await app?.screenshot('10-import-dialog');
      await page.getByTestId('import-confirm').click();
      await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
      const summary = page.getByTestId('import-summary');
      const out = await summary.getByTestId('import-file-row').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      return out;
    };
    const first = await importAll();
    for (const [i, f] of FILES.entries()) {
      const [format, accepted] = EXPECTED[f] ?? ['', 0];
      expect(first[i]?.[1]).toContain(format);
      expect(first[i]?.[3]).toBe(String(accepted));
      expect(first[i]?.[4]).toBe('0');
    }
    await app.screenshot('11-import-summary');
    const total = Object.values(EXPECTED).reduce((n, [, a]) => n + a, 0);
    await page.getByTestId('nav-alerts').click();
    await expect.poll(async () => Number((await page.getByTestId('alert-queue-count').textContent())?.replace(/[^\d]/g, '')), { timeout: 30_000 }).toBe(total);
    const again = await importAll();
    for (const [i, f] of FILES.entries()) {
      expect(again[i]?.[3]).toBe('0');
      expect(again[i]?.[4]).toBe(String(EXPECTED[f]?.[1]));
    }
    await expect.poll(async () => Number((await page.getByTestId('alert-queue-count').textContent())?.replace(/[^\d]/g, '')), { timeout: 30_000 }).toBe(total);
    expect(app.offLoopback()).toEqual([]);
  });

  it('maps the fields of an unknown CSV in the import dialog', async () => {
    app = await openApp();
    const { page } = app;
    const dir = mkdtempSync(join(tmpdir(), 'caseline-e2e-'));
    const file = join(dir, 'firewall.csv');
    writeFileSync(file, 'when,event,level,box\n2024-05-01T10:00:00Z,Blocked outbound SMB,high,srv-01\n2024-05-01T10:05:00Z,Blocked outbound RDP,medium,srv-01\n');
    await page.getByTestId('empty-state').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('empty-import').click();
    await (await chooser).setFiles(file);
    await page.getByTestId('import-dialog').waitFor();
    await page.getByTestId('import-format').selectOption('__mapped__');
    await page.getByTestId('map-name').fill('Firewall CSV');
    await page.getByTestId('map-time').selectOption('when');
    await page.getByTestId('map-title').selectOption('event');
    await page.getByTestId('map-severity').selectOption('level');
    await app.screenshot('12-field-mapping');
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('accepted').first().textContent()).toBe('2');
    await page.getByTestId('nav-alerts').click();
    await expect.poll(async () => page.getByTestId('alert-queue').textContent(), { timeout: 30_000 }).toContain('Blocked outbound SMB');
  });
});

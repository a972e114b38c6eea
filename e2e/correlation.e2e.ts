import { afterEach, describe, expect, it } from 'vitest';
import type { AppSession } from './harness';
import { openApp } from './harness';
import { Workspace } from './pages';

let app: AppSession | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const num = (t: string | null): number => Number((t ?? '').replace(/[^\d]/g, '') || 0);

describe('correlation settings', () => {
  it('lists noise with reasons, previews a shorter window (more incidents), applies it and the queue grows', async () => {
    app = await openApp();
    const ws = new Workspace(app);
    const { page } = app;
    await ws.loadDemo();
    await ws.closeImportSummary();
    await ws.queue.open('incidents');
    const before = await ws.queue.count('incidents');
    expect(before).toBeGreaterThan(0);

    await page.getByTestId('nav-settings').click();
    const section = page.getByTestId('correlation-settings');
    await section.getByTestId('corr-window-value').waitFor({ timeout: 30_000 });
    // The demo's noise: at least one entity, each with a sentence saying why.
    const rows = section.getByTestId('noise-row');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBeGreaterThan(0);
    const why = (await rows.first().getByTestId('noise-why').textContent()) ?? '';
    expect(why.length).toBeGreaterThan(10);
    expect((await rows.first().getByTestId('noise-value').textContent())?.trim()).not.toBe('');
    // The filter narrows the table to matching rows.
    const firstValue = (await rows.first().getByTestId('noise-value').textContent()) ?? '';
    await section.getByTestId('noise-filter').fill(firstValue.slice(0, 30));
    await expect.poll(async () => (await rows.allTextContents()).every((t) => t.toLowerCase().includes(firstValue.slice(0, 30).toLowerCase()))).toBe(true);
    await section.getByTestId('noise-filter').fill('');
    await section.scrollIntoViewIfNeeded();
    await app.screenshot('correlation-01-settings');

    // Apply is disabled until the current edits were previewed.
    await section.getByTestId('corr-window-value').fill('1');
    await section.getByTestId('corr-window-unit').selectOption('min');
    expect(await section.getByTestId('corr-apply').isDisabled()).toBe(true);
    await section.getByTestId('corr-preview').click();
    const preview = section.getByTestId('correlation-preview');
    await preview.waitFor({ timeout: 60_000 });
    const pBefore = num(await preview.getByTestId('preview-incidents-before').textContent());
    const pAfter = num(await preview.getByTestId('preview-incidents-after').textContent());
    expect(pBefore).toBe(before);
    expect(pAfter).toBeGreaterThan(pBefore);
    expect(await preview.getByTestId('preview-splits').textContent()).toMatch(/\d/);
    await preview.scrollIntoViewIfNeeded();
    await app.screenshot('correlation-02-preview');

    // Editing again invalidates the preview.
    await section.getByTestId('corr-max-alerts').fill('149');
    expect(await section.getByTestId('corr-apply').isDisabled()).toBe(true);
    expect(await preview.count()).toBe(0);
    // Back to the previewed edits: that preview stands again.
    await section.getByTestId('corr-max-alerts').fill('150');
    await preview.waitFor();
    expect(await section.getByTestId('corr-apply').isEnabled()).toBe(true);
    await section.getByTestId('corr-apply').click();
    const notice = section.getByTestId('corr-applied');
    await notice.waitFor({ timeout: 60_000 });
    expect(num(await notice.textContent())).toBeGreaterThan(0);
    await app.screenshot('correlation-03-applied');

    // Dark theme at 1280×800 stays readable.
    await page.getByTestId('theme-dark').check();
    await section.getByTestId('noise-table').scrollIntoViewIfNeeded();
    await app.screenshot('correlation-04-dark');

    await ws.queue.open('incidents');
    await expect.poll(async () => ws.queue.count('incidents'), { timeout: 30_000 }).toBe(pAfter);
    expect(pAfter).toBeGreaterThan(before);
    expect(app.consoleErrors).toEqual([]);
    expect(app.offLoopback()).toEqual([]);
  });
});

// Page models for responding and exporting: the Take action tab, the rules page, the Case menu's dialogs, and
// downloads (the web build saves through <a download>, which Playwright sees as a `download` event).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { AppSession } from './harness';
import { Workspace } from './pages';

export type Downloaded = { name: string; bytes: Buffer; text: string };

export class Respond extends Workspace {
  constructor(app: AppSession) {
    super(app);
  }

  /** Run `action` and return the file it downloads. */
  async download(action: () => Promise<void>): Promise<Downloaded> {
    const ev = this.page.waitForEvent('download', { timeout: 60_000 });
    await action();
    const d = await ev;
    const path = await d.path();
    const bytes = readFileSync(path);
    return { name: d.suggestedFilename(), bytes, text: bytes.toString('utf8') };
  }

  async go(hash: string): Promise<void> {
    await this.page.evaluate((h) => (window.location.hash = h), hash);
  }

  /** The incident queue's row ids, in the order shown (by default the largest incidents first). */
  async incidentIds(sort = 'alerts.desc'): Promise<string[]> {
    await this.queue.open('incidents');
    await this.go(`#/view=incidents&sort=${sort}`);
    await expect.poll(async () => this.queue.rows('incidents').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    return this.queue.rows('incidents').evaluateAll((els) => els.map((e) => (e.getAttribute('data-testid') ?? '').slice(4)));
  }

  async openIncident(id: string, tab = 'respond'): Promise<void> {
    await this.go(`#/view=incident&incident=${encodeURIComponent(id)}&tab=${tab}`);
    await expect.poll(async () => (await this.page.getByTestId('incident-id').textContent()) ?? '', { timeout: 30_000 }).toBe(id);
    if (tab === 'respond') await this.page.getByTestId('take-action').waitFor();
  }

  get takeAction(): Locator {
    return this.page.getByTestId('take-action');
  }

  async runPlaybook(playbookId: string): Promise<Locator> {
    await this.page.getByTestId(`playbook-${playbookId}`).click();
    await this.page.getByTestId('playbook-run').click();
    const dialog = this.page.getByTestId('run-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    return dialog;
  }

  async activity(incidentId: string): Promise<string[]> {
    await this.openIncident(incidentId, 'activity');
    await this.page.getByTestId('activity-log').waitFor();
    return this.page.getByTestId('activity-entry').allTextContents();
  }

  async openRules(kind: 'suppression' | 'automation' | 'playbooks'): Promise<void> {
    await this.page.getByTestId('nav-rules').click();
    await this.page.getByTestId(`tab-${kind}`).click();
    await this.page.getByTestId(kind === 'playbooks' ? 'playbooks' : `${kind}-rules`).waitFor();
  }

  async caseMenu(item: 'report' | 'export-case' | 'open-case'): Promise<void> {
    await this.page.getByTestId('case-menu').click();
    await this.page.getByTestId(`case-menu-${item}`).click();
  }

  /** Export a report in one format through the Case menu and return the downloaded file. */
  async exportReport(format: string, scope: 'incident' | 'all' = 'incident'): Promise<Downloaded> {
    await this.caseMenu('report');
    const dialog = this.page.getByTestId('report-dialog');
    await dialog.waitFor();
    await this.page.getByTestId(`report-scope-${scope}`).check();
    await this.page.getByTestId(`report-format-${format}`).check();
    const file = await this.download(() => this.page.getByTestId('report-export').click());
    await dialog.waitFor({ state: 'detached' });
    return file;
  }

  async exportCase(passphrase?: string): Promise<Downloaded> {
    await this.caseMenu('export-case');
    await this.page.getByTestId('case-export-dialog').waitFor();
    if (passphrase) {
      await this.page.getByTestId('case-export-encrypt').check();
      await this.page.getByTestId('case-export-passphrase').fill(passphrase);
      await this.page.getByTestId('case-export-passphrase2').fill(passphrase);
    }
    return this.download(() => this.page.getByTestId('case-export-save').click());
  }

  /** Open the Case menu's "Open case file…" and choose a file; the dialog stays open for the mode and passphrase. */
  async chooseCaseFile(path: string): Promise<Locator> {
    await this.caseMenu('open-case');
    const dialog = this.page.getByTestId('case-open-dialog');
    await dialog.waitFor();
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId('case-open-choose').click();
    await (await chooser).setFiles(path);
    await this.page.getByTestId('case-open-file').waitFor();
    return dialog;
  }

  async stats(): Promise<{ alerts: number; incidents: number }> {
    const n = async (id: string): Promise<number> => Number(((await this.page.getByTestId(id).textContent()) ?? '').replace(/[^\d]/g, '') || 0);
    return { alerts: await n('nav-alerts'), incidents: await n('nav-incidents') };
  }
}

/** What the page must never show after hostile content was on screen. */
export const noScriptRan = async (page: Page): Promise<void> => {
  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    handlers: document.querySelectorAll('[onerror],[onload],[onbegin],[onclick],[onmouseover]').length,
    injected: document.querySelectorAll('img, iframe, object, embed, base, meta[http-equiv="refresh"]').length,
  }));
  expect(state).toEqual({ xss: undefined, handlers: 0, injected: 0 });
};

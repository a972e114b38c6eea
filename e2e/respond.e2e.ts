// Respond and export end to end in Chromium: take action and run a playbook on a demo incident, suppress alerts
// like one from a real Suricata export (existing on demand, future imports always), an automation rule made in the
// UI firing on import, reports exported and read back (hostile content escaped), and case files exported,
// re-opened in a fresh profile, refused when tampered, and merged. Screens go to test-output/e2e (checked by eye).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HOSTILE_STRINGS } from '#shared/report/hostile-corpus';
import type { AppSession } from './harness';
import { OUTPUT, SAMPLES, openApp } from './harness';
import { Respond, noScriptRan } from './respond-pages';

let app: AppSession | undefined;
const dir = mkdtempSync(join(tmpdir(), 'caseline-respond-'));
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Graph alerts_v2 export whose alerts carry the §G payloads in titles, descriptions, remediation and evidence. */
const hostileExport = (): string => {
  const T0 = Date.UTC(2024, 2, 10, 8, 0, 0);
  const iso = (ms: number): string => new Date(ms).toISOString();
  const alerts = HOSTILE_STRINGS.map((payload, i) => {
    const t = T0 + i * 60_000;
    const ev = (type: string, extra: Record<string, unknown>): Record<string, unknown> => ({ '@odata.type': `#microsoft.graph.security.${type}`, createdDateTime: iso(t), verdict: 'suspicious', remediationStatus: 'none', roles: ['compromised'], detailedRoles: [], tags: [], ...extra });
    return {
      '@odata.type': '#microsoft.graph.security.alert',
      id: `hostile-${i}`,
      providerAlertId: `hostile-${i}`,
      status: 'new',
      severity: 'high',
      classification: 'unknown',
      determination: 'unknown',
      serviceSource: 'microsoftDefenderForEndpoint',
      detectionSource: 'antivirus',
      detectorId: `det-${i}`,
      title: payload,
      description: `${payload}\n${payload}`,
      recommendedActions: payload,
      category: 'Execution',
      mitreTechniques: ['T1059.001'],
      createdDateTime: iso(t),
      lastUpdateDateTime: iso(t),
      firstActivityDateTime: iso(t),
      lastActivityDateTime: iso(t + 30_000),
      comments: [],
      evidence: [
        ev('deviceEvidence', { mdeDeviceId: 'a'.repeat(40), deviceDnsName: 'hostile-ws-01.contoso.com', osPlatform: 'Windows10', ipInterfaces: ['10.9.9.9'], loggedOnUsers: [] }),
        ev('processEvidence', { processId: 1000 + i, parentProcessId: 4, processCommandLine: payload, processCreationDateTime: iso(t), imageFile: { fileName: `${payload}.exe`, filePath: 'C:\\x', sha256: null, sha1: null } }),
        ev('urlEvidence', { url: `http://evil.example/p${i}?q=${payload}` }),
        ev('fileEvidence', { fileDetails: { fileName: payload, filePath: 'C:\\Users\\x', sha256: (i + 1).toString(16).padStart(64, '0'), sha1: null, fileSize: 1 } }),
      ],
    };
  });
  const file = join(dir, 'graph-hostile-report.json');
  writeFileSync(file, JSON.stringify({ value: alerts }));
  return file;
};

const open = async (): Promise<Respond> => {
  app = await openApp();
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  return new Respond(app);
};

describe('respond', () => {
  it('takes action on a demo incident: ticks and comments a mitigation, runs a playbook with reviewed commands, tracks tasks', async () => {
    const w = await open();
    await w.loadDemo();
    await w.closeImportSummary();
    const [id] = await w.incidentIds();
    expect(id).toMatch(/^in-/);
    await w.openIncident(id ?? '');
    const { page } = w;
    await expect.poll(async () => page.getByTestId('mitigation-group').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await w.screenshot('r01-take-action');

    // Prevent future attacks: tick the first mitigation and comment on it; both survive a reload.
    const item = page.getByTestId('ta-mitigations').first().getByTestId('check-item').first();
    const itemId = await item.getAttribute('data-item-id');
    await item.getByTestId('check-item-done').check();
    await item.getByTestId('check-item-comment-edit').click();
    await item.getByRole('textbox', { name: 'Comment' }).fill('Enforced by GPO on 2024-03-11 <b>not bold</b>');
    await item.getByTestId('check-item-comment-save').click();
    await expect.poll(async () => item.getByTestId('check-item-comment').textContent()).toBe('Enforced by GPO on 2024-03-11 <b>not bold</b>');
    await page.reload();
    await page.getByTestId('take-action').waitFor();
    const again = page.locator(`[data-item-id="${itemId}"]`).first();
    await expect.poll(async () => again.getByTestId('check-item-done').isChecked(), { timeout: 30_000 }).toBe(true);
    await expect.poll(async () => again.getByTestId('check-item-comment').textContent(), { timeout: 30_000 }).toBe('Enforced by GPO on 2024-03-11 <b>not bold</b>');

    // Trigger automated response: the built-in "Isolate infected host" playbook.
    const dialog = await w.runPlaybook('pb-isolate-host');
    const outputs = dialog.locator('[data-testid^="run-output-"][data-kind]');
    const kinds = await outputs.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds.filter((k) => k === 'commands')).toHaveLength(2);
    expect(kinds).toContain('iocs');
    const ps = dialog.locator('[data-kind="commands"]').first();
    expect(await ps.getByTestId('review-banner').textContent()).toContain('Review before running.');
    const script = (await ps.getByTestId('run-output-text').textContent()) ?? '';
    expect(script).toContain('REVIEW BEFORE RUNNING');
    expect(await ps.getByTestId('run-output-text').evaluate((el) => el.children.length)).toBe(0);
    await w.screenshot('r02-playbook-run-output');
    // Copy puts the exact script on the clipboard; download saves the same text.
    await ps.getByTestId('run-output-copy').click();
    await expect.poll(async () => ps.getByTestId('run-output-copy').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(script);
    const file = await w.download(() => ps.getByTestId('run-output-download').click());
    expect(file.name).toMatch(/^in-[\w-]+-Isolate-infected-host-containment\.(ps1|sh)$/);
    expect(file.text).toBe(script);
    await dialog.locator('.dialog-actions button').click();

    // The playbook changed the incident, added its tasks, and logged the run.
    await expect.poll(async () => page.getByTestId('incident-status').inputValue()).toBe('inProgress');
    await expect.poll(async () => page.getByTestId('incident-classification').inputValue()).toBe('truePositive');
    await expect.poll(async () => page.getByTestId('incident-tags').textContent(), { timeout: 30_000 }).toContain('host-isolation');
    const tasks = page.getByTestId('tasks-panel').getByTestId('task');
    await expect.poll(async () => tasks.count()).toBe(4);
    expect(await tasks.first().textContent()).toContain('From playbook “Isolate infected host”');
    // A task by hand, then one ticked done.
    await page.getByTestId('task-new-title').fill('Call the help desk about ws-01');
    await page.getByTestId('task-add').click();
    await expect.poll(async () => tasks.count()).toBe(5);
    await tasks.first().getByTestId('task-done').check();
    await expect.poll(async () => page.getByTestId('task-counts').textContent()).toBe('4 open · 1 done · 0 skipped');
    await page.getByTestId('ta-tasks').scrollIntoViewIfNeeded();
    await w.screenshot('r03-tasks');

    const log = await w.activity(id ?? '');
    expect(log.some((l) => /playbook run: Isolate infected host: Containment commands \(PowerShell\)/.test(l))).toBe(true);
    expect(log.some((l) => l.includes('task added: Call the help desk about ws-01'))).toBe(true);
    expect(log.some((l) => l.includes('checked'))).toBe(true);

    // Playbooks are editable: a copy of a built-in one, without its commands and with a task of its own, runs too.
    await w.openRules('playbooks');
    await w.screenshot('r18-playbooks');
    await page.locator('[data-playbook-id="pb-phishing"]').getByTestId('playbook-duplicate').click();
    const editor = page.getByTestId('playbook-dialog');
    await editor.waitFor();
    await page.getByTestId('playbook-name').fill('Phishing, tier 1');
    const steps = editor.getByTestId('playbook-step');
    expect(await steps.count()).toBe(7);
    await steps.filter({ hasText: 'Generate containment commands' }).getByRole('button', { name: /^Remove step/ }).click();
    await page.getByTestId('playbook-add-kind').selectOption('addTasks');
    await page.getByTestId('playbook-add-step').click();
    await editor.getByTestId('step-tasks').last().fill('Ask the user to forward the message as an attachment');
    await w.screenshot('r19-playbook-editor');
    await page.getByTestId('playbook-save').click();
    await editor.waitFor({ state: 'detached' });
    const custom = page.getByTestId('playbook-row').filter({ hasText: 'Phishing, tier 1' });
    await custom.waitFor();
    const customId = (await custom.getAttribute('data-playbook-id')) ?? '';
    expect(await custom.textContent()).not.toContain('Built-in');
    await w.openIncident(id ?? '');
    const run2 = await w.runPlaybook(customId);
    expect(await run2.locator('[data-kind="commands"]').count()).toBe(0);
    expect(await run2.locator('[data-kind="iocs"]').count()).toBe(1);
    await run2.locator('.dialog-actions button').click();
    await expect.poll(async () => tasks.count()).toBe(10);
    await expect.poll(async () => page.getByTestId('tasks-panel').textContent(), { timeout: 30_000 }).toContain('Ask the user to forward the message as an attachment');

    // The same screens in the dark theme.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('theme-dark').check();
    await w.openIncident(id ?? '');
    await w.screenshot('r20-take-action-dark');
    await w.openRules('suppression');
    await w.screenshot('r21-rules-empty-dark');
    expect(app?.offLoopback()).toEqual([]);
  });

  it('suppresses alerts like one from a real Suricata export: preview, dismiss existing, and future imports always', async () => {
    const sample = join(SAMPLES, 'suricata-eve-wrccdc-2018.json');
    type Eve = { timestamp: string; flow_id: number; alert: { gid: number; signature_id: number; rev: number; signature: string }; flow?: { start?: string } };
    const records = JSON.parse(readFileSync(sample, 'utf8')) as Eve[];
    const scans = records.filter((r) => r.alert.signature.toLowerCase().includes('et scan'));
    expect(scans.length).toBeGreaterThan(3);
    const w = await open();
    const { page } = w;
    await w.importFiles([sample]);
    await w.closeImportSummary();
    await w.queue.open('alerts');
    await page.getByTestId('alert-search').fill('ET SCAN Potential SSH Scan');
    await expect.poll(() => w.queue.count('alerts')).toBe(2);
    await w.queue.rows('alerts').filter({ hasNotText: 'OUTBOUND' }).click();
    await w.alertDetail.waitFor();
    // The alert's own Take action view (its incident's playbooks and tasks, its remediation and mitigations).
    await page.getByTestId('alert-take-action').click();
    await page.getByTestId('take-action-dialog').getByTestId('ta-mitigate').waitFor();
    await w.screenshot('r22-alert-take-action');
    await page.keyboard.press('Escape');
    await page.getByTestId('take-action-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('alert-suppress').click();
    const dialog = page.getByTestId('suppression-dialog');
    await dialog.waitFor();
    // The suggestion: this alert's detector and one of its entities, limited to its source.
    expect(await page.getByTestId('suppression-detector').inputValue()).toBe('1:2001219:20');
    expect(await page.getByTestId('suppression-scope').inputValue()).toBe('suricata');
    expect(await page.getByTestId('suppression-name').inputValue()).toBe('Suppress ET SCAN Potential SSH Scan');
    await expect.poll(async () => page.getByTestId('suppression-preview-count').textContent(), { timeout: 30_000 }).toBe('1');
    await w.screenshot('r04-suppression-from-alert');
    // Widen it to every "ET SCAN" signature from this source: the preview counts what is in the case.
    await page.getByTestId('suppression-detector').fill('');
    await page.getByTestId('suppression-entity-type').selectOption('');
    await page.getByTestId('suppression-title').fill('et scan');
    await expect.poll(async () => page.getByTestId('suppression-preview-count').textContent(), { timeout: 30_000 }).toBe(String(scans.length));
    await page.getByTestId('suppression-name').fill('Red team scanners');
    await page.getByTestId('suppression-reason').fill('WRCCDC red team scanning, expected during the exercise');
    await page.getByTestId('suppression-save-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => w.status.textContent()).toContain(`Rule “Red team scanners” saved; ${scans.length} alerts dismissed.`);
    // The drawer's alert is dismissed (resolved).
    await expect.poll(async () => page.getByTestId('alert-detail-status').inputValue()).toBe('resolved');
    await page.getByRole('button', { name: 'Close alert details' }).click();

    await w.openRules('suppression');
    const row = page.getByTestId('suppression-rule');
    await expect.poll(async () => row.count()).toBe(1);
    await expect.poll(async () => row.getByTestId('suppression-hits').textContent(), { timeout: 30_000 }).toBe(String(scans.length));
    expect(await row.textContent()).toContain('title contains “et scan”');
    await row.getByTestId('suppression-review').click();
    await expect.poll(async () => page.getByTestId('hits-review').textContent()).toContain(`${scans.length} alerts in the case match its conditions now.`);
    await w.screenshot('r05-suppression-rules');

    // New occurrences of the SSH scan (the alert's raw record, two days later) and one other signature.
    const ssh = records.find((r) => r.alert.signature_id === 2001219);
    const other = records.find((r) => !r.alert.signature.toLowerCase().includes('et scan'));
    expect(ssh && other).toBeTruthy();
    const later = (r: Eve, hours: number): Eve => {
      const t = new Date(Date.UTC(2018, 2, 26, hours, 0, 0)).toISOString().replace('Z', '+0000');
      return { ...r, timestamp: t, flow_id: r.flow_id + hours + 1, ...(r.flow ? { flow: { ...r.flow, start: t } } : {}) };
    };
    const fresh = [later(ssh as Eve, 1), later(ssh as Eve, 2), later(ssh as Eve, 3), later(other as Eve, 4)];
    const file = join(dir, 'suricata-next-day.json');
    writeFileSync(file, JSON.stringify(fresh, null, 2));
    await w.importFiles([file]);
    await expect.poll(async () => page.getByTestId('accepted').first().textContent()).toBe('4');
    await w.closeImportSummary();
    await w.openRules('suppression');
    await expect.poll(async () => page.getByTestId('suppression-hits').textContent()).toBe(String(scans.length + 3));
    // In the queue (newest first) the three scans arrive resolved; the other signature stays new.
    await w.go('#/view=alerts&sort=time.desc');
    await expect.poll(() => w.queue.count('alerts')).toBe(records.length + 4);
    const top = await w.queue.rows('alerts').evaluateAll((els) => els.slice(0, 4).map((e) => ({ text: e.textContent ?? '', status: e.querySelector('[data-testid="alert-status"]')?.textContent ?? '' })));
    expect(top.filter((r) => r.text.includes('ET SCAN Potential SSH Scan')).map((r) => r.status)).toEqual(['Resolved', 'Resolved', 'Resolved']);
    expect(top.filter((r) => r.text.includes(other?.alert.signature ?? '?')).map((r) => r.status)).toEqual(['New']);
    await w.screenshot('r06-future-imports-suppressed');
    // Disabling the rule stops it; the hits stay on record.
    await w.openRules('suppression');
    await page.getByTestId('suppression-toggle').uncheck();
    await expect.poll(async () => page.getByTestId('suppression-rule').textContent()).toContain('Disabled');
    expect(app?.offLoopback()).toEqual([]);
  });

  it('fires an automation rule made in the UI on the next import, and logs each firing', async () => {
    const w = await open();
    const { page } = w;
    await w.openRules('automation');
    await page.getByTestId('automation-empty').waitFor();
    // One rule for Zeek incidents, one that must not fire (Wazuh).
    const make = async (name: string, source: string, assignee: string, tags: string): Promise<void> => {
      await page.getByTestId('automation-new').click();
      await page.getByTestId('automation-dialog').waitFor();
      await page.getByTestId('automation-name').fill(name);
      await page.getByTestId('automation-sources').click();
      await page.getByRole('textbox', { name: 'Adapter or product name' }).fill(source);
      await page.getByRole('group', { name: 'Sources' }).getByRole('button', { name: 'Add' }).click();
      await page.getByTestId('automation-sources').click();
      await page.getByTestId('automation-add-assign').click();
      await page.getByTestId('action-assign').fill(assignee);
      await page.getByTestId('automation-add-addTags').click();
      await page.getByTestId('action-tags').fill(tags);
      if (name.startsWith('Triage')) await w.screenshot('r07-automation-rule-dialog');
      await page.getByTestId('automation-save').click();
      await page.getByTestId('automation-dialog').waitFor({ state: 'detached' });
    };
    await make('Triage Zeek certificate notices', 'zeek', 'tier2-oncall', 'auto-triaged, tls');
    await make('Wazuh to the mail team', 'wazuh', 'mail-team', 'mail');
    await expect.poll(async () => page.getByTestId('automation-rule').count()).toBe(2);
    expect(await page.getByTestId('automation-rule').first().textContent()).toContain('source is “zeek”');
    await w.screenshot('r08-automation-rules');

    await w.importFiles([join(SAMPLES, 'zeek-notice-wrccdc-2018.log')]);
    await w.closeImportSummary();
    const ids = await w.incidentIds();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids.slice(0, 4)) {
      await w.openIncident(id, 'activity');
      await expect.poll(async () => page.getByTestId('incident-assignee').inputValue()).toBe('tier2-oncall');
      const tags = (await page.getByTestId('incident-tags').textContent()) ?? '';
      expect(tags).toContain('auto-triaged');
      expect(tags).toContain('tls');
      // The log loads after the page: wait for both firings before reading it whole.
      await expect
        .poll(async () => (await page.getByTestId('activity-entry').allTextContents()).filter((l) => l.includes('automation rule fired: Triage Zeek certificate notices')).length, { timeout: 30_000 })
        .toBe(2);
      const log = await page.getByTestId('activity-entry').allTextContents();
      expect(log.some((l) => l.includes('automation rule "Triage Zeek certificate notices" changed assignee from empty to “tier2-oncall”'))).toBe(true);
      expect(log.some((l) => l.includes('Wazuh'))).toBe(false);
    }
    await w.screenshot('r09-automation-fired');
    expect(app?.offLoopback()).toEqual([]);
  });


  it('exports reports and IOC files whose hostile alert content stays inert text', async () => {
    const w = await open();
    const { page } = w;
    await w.importFiles([hostileExport()]);
    await w.closeImportSummary();
    const [id] = await w.incidentIds();
    // Take action on hostile alerts: remediation steps, playbook outputs and suppression choices are text.
    await w.openIncident(id ?? '');
    const remediation = page.getByTestId('ta-remediation');
    await remediation.waitFor({ timeout: 30_000 });
    expect(await remediation.textContent()).toContain('<img src=x onerror=window.__xss=1>');
    expect(await page.getByTestId('ta-suppress-alert').textContent()).toContain('</title><script>window.__xss=1</script>');
    const run = await w.runPlaybook('pb-isolate-host');
    const texts = run.getByTestId('run-output-text');
    expect(await texts.count()).toBeGreaterThan(1);
    for (const t of await texts.all()) expect(await t.evaluate((el) => el.children.length)).toBe(0);
    const shown = (await texts.allTextContents()).join('\n');
    expect(shown).toContain('onerror=window.__xss=1');
    // Nothing on screen can reorder or hide characters of a command (RLO spoofing, zero-width, controls).
    // eslint-disable-next-line no-control-regex
    expect(shown).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/);
    expect(await run.getByTestId('invisible-note').count()).toBeGreaterThan(0);
    await w.screenshot('r24-hostile-playbook-output');
    await run.locator('.dialog-actions button').click();
    await w.screenshot('r25-hostile-take-action');
    await noScriptRan(page);
    await w.openIncident(id ?? '', 'activity');
    await page.getByTestId('incident-comments').getByRole('textbox').fill('Analyst note </p><script>window.__xss=1</script>');
    await page.getByTestId('incident-comments').getByRole('button', { name: 'Add note' }).click();
    await expect.poll(async () => page.getByTestId('incident-comments').locator('.note').count()).toBe(1);

    // The Case menu by keyboard: Enter opens it on its first item, arrows move, Enter chooses.
    await page.getByTestId('case-menu').focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('case-menu-report');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await w.screenshot('r23-case-menu');
    await page.keyboard.press('Enter');
    // The dialog: scope, formats, and in the web build PDF points to the desktop app and the CLI.
    await page.getByTestId('report-dialog').waitFor();
    expect(await page.getByTestId('report-format-pdf').isDisabled()).toBe(true);
    expect(await page.getByTestId('pdf-note').textContent()).toContain('caseline report case.caseline --all --format pdf');
    await w.screenshot('r10-report-dialog');
    await page.getByTestId('report-dialog').getByRole('button', { name: 'Cancel' }).click();

    const html = await w.exportReport('html');
    expect(html.name).toBe(`caseline-${id}.html`);
    writeFileSync(join(OUTPUT, 'r11-report.html'), html.text);
    expect(html.text).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'');
    expect(html.text).toContain('&lt;img src&#61;x onerror&#61;window.__xss&#61;1&gt;');
    expect(html.text).toContain('Analyst note &lt;/p&gt;&lt;script&gt;window.__xss&#61;1&lt;/script&gt;');
    expect(html.text).not.toMatch(/<script|<img|<svg|<iframe|<base|javascript:window/i);
    // Opened with scripts on and the network cut: nothing runs, nothing loads, every payload reads as text.
    const viewer = await w.app.context.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    viewer.on('request', (r) => requests.push(r.url()));
    viewer.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await viewer.route('**/*', (r) => r.abort());
    await viewer.setContent(html.text);
    await noScriptRan(viewer);
    const dom = await viewer.evaluate(() => ({
      scripts: document.scripts.length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
      jsLinks: [...document.querySelectorAll('[href],[src]')].filter((e) => /^\s*(javascript|data|file):/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? '')).length,
      text: document.body.textContent ?? '',
    }));
    expect(dom).toMatchObject({ scripts: 0, handlers: 0, jsLinks: 0 });
    expect(dom.text).toContain('<img src=x onerror=window.__xss=1>');
    expect(dom.text).toContain('</title><script>window.__xss=1</script>');
    expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
    expect(dialogs).toEqual([]);
    await viewer.setViewportSize({ width: 1280, height: 800 });
    await viewer.screenshot({ path: join(OUTPUT, 'r11-html-report.png') });
    await viewer.close();

    // Markdown: no raw HTML and no links built from alert data.
    const md = await w.exportReport('md');
    expect(md.name).toBe(`caseline-${id}.md`);
    writeFileSync(join(OUTPUT, 'r12-report.md'), md.text);
    // Every < and ] of alert data is backslash-escaped, so it renders as text and builds no HTML, autolink or link.
    expect(md.text).toContain(String.raw`\<img src\=x onerror\=window\.\_\_xss\=1\>`);
    // Outside code fences (whose content is literal text: the analyst's note is one, fenced longer than its backticks).
    const prose = md.text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1\s*$/gm, '');
    expect(prose).not.toContain('Analyst note');
    expect(md.text).toMatch(/^`{3,}text\nAnalyst note <\/p><script>window.__xss=1<\/script>\n`{3,}$/m);
    expect(prose).not.toMatch(/(^|[^\\])<[a-z!/]/im);
    expect(prose).not.toMatch(/(^|[^\\])\]\(/m);
    // IOC CSV: cells a spreadsheet would run start with a quote mark.
    const csv = await w.exportReport('csv');
    expect(csv.name).toBe(`caseline-${id}-iocs.csv`);
    const rows = csv.text.trim().split(/\r?\n/);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows.slice(1)) expect(row).not.toMatch(/(^|,)"?[=+@\t\r-]/);
    expect(csv.text).toContain('evil.example');
    // Intelligence formats parse and name what they should.
    const stix = JSON.parse((await w.exportReport('stix')).text) as { type: string; objects: { type: string }[] };
    expect(stix.type).toBe('bundle');
    expect(stix.objects.some((o) => o.type === 'indicator')).toBe(true);
    const misp = JSON.parse((await w.exportReport('misp')).text) as { Event: { Attribute: unknown[] } };
    expect(misp.Event.Attribute.length).toBeGreaterThan(0);
    const layer = JSON.parse((await w.exportReport('navigator')).text) as { techniques: { techniqueID: string }[] };
    expect(layer.techniques.map((t) => t.techniqueID)).toContain('T1059.001');
    const timeline = await w.exportReport('timeline');
    expect(timeline.text.split('\n')[0]).toMatch(/message.*datetime.*timestamp_desc/);
    // Every open incident at once.
    const all = await w.exportReport('html', 'all');
    expect(all.name).toBe('caseline-all-incidents.html');
    await noScriptRan(page);
    expect(app?.offLoopback()).toEqual([]);
  });

  it('exports an encrypted case file, re-opens it in a fresh profile, refuses a tampered copy, and merges two cases', async () => {
    const passphrase = 'correct horse battery staple';
    // Investigator A: the demo case, a playbook run and a note on the first incident, exported encrypted.
    let w = await open();
    await w.loadDemo();
    await w.closeImportSummary();
    const [incA] = await w.incidentIds();
    await w.openIncident(incA ?? '');
    await (await w.runPlaybook('pb-phishing')).locator('.dialog-actions button').click();
    await w.openIncident(incA ?? '', 'activity');
    await w.page.getByTestId('incident-comments').getByRole('textbox').fill('A: phishing confirmed with the user');
    await w.page.getByTestId('incident-comments').getByRole('button', { name: 'Add note' }).click();
    await expect.poll(async () => w.page.getByTestId('incident-comments').locator('.note').count()).toBe(1);
    const statsA = await w.stats();
    await w.caseMenu('export-case');
    await w.page.getByTestId('case-export-encrypt').check();
    await w.page.getByTestId('case-export-passphrase').fill(passphrase);
    await w.page.getByTestId('case-export-passphrase2').fill('something else');
    await w.page.getByTestId('case-export-save').click();
    await expect.poll(async () => w.page.getByTestId('case-export-dialog').textContent()).toContain('The two passphrases differ.');
    await w.page.getByTestId('case-export-passphrase2').fill(passphrase);
    await w.screenshot('r13-case-export');
    const fileA = await w.download(() => w.page.getByTestId('case-export-save').click());
    expect(fileA.name).toMatch(/^case-\d{4}-\d{2}-\d{2}\.caseline$/);
    expect(fileA.bytes.subarray(0, 8).toString('latin1')).toBe('CASELINE');
    const pathA = join(dir, 'a.caseline');
    writeFileSync(pathA, fileA.bytes);
    await app?.close();

    // Investigator B, a fresh profile: open A's file; the passphrase is asked for, a wrong one refused.
    w = await open();
    await w.page.getByTestId('empty-state').waitFor();
    let dialog = await w.chooseCaseFile(pathA);
    await w.page.getByTestId('case-open-replace').check();
    await w.page.getByTestId('case-open-go').click();
    await expect.poll(async () => w.page.getByTestId('case-open-passphrase-field').textContent()).toContain('encrypted');
    await w.page.getByTestId('case-open-passphrase').fill('wrong passphrase');
    await w.page.getByTestId('case-open-go').click();
    await expect.poll(async () => w.page.getByTestId('case-open-passphrase-field').textContent()).toContain('wrong');
    await w.screenshot('r14-case-open-passphrase');
    await w.page.getByTestId('case-open-passphrase').fill(passphrase);
    await w.page.getByTestId('case-open-go').click();
    await w.page.getByTestId('case-open-result').waitFor({ timeout: 60_000 });
    expect(await dialog.textContent()).toContain('This case was replaced by the case file.');
    await w.screenshot('r15-case-opened');
    await w.page.getByTestId('case-open-close').click();
    await expect.poll(() => w.stats()).toEqual(statsA);
    // A's work came along: the playbook's tasks and tags, the note, the log.
    await w.openIncident(incA ?? '');
    await expect.poll(async () => w.page.getByTestId('task').count()).toBe(4);
    expect(await w.page.getByTestId('incident-tags').textContent()).toContain('phishing');
    const logB = await w.activity(incA ?? '');
    expect(logB.some((l) => l.includes('playbook run: Phishing response'))).toBe(true);
    // Notes load after the page: wait for them rather than reading the first paint.
    await expect.poll(async () => w.page.getByTestId('incident-comments').textContent(), { timeout: 30_000 }).toContain('A: phishing confirmed with the user');

    // A tampered copy (one byte flipped in the sealed data) is refused, and nothing changes.
    const tampered = Buffer.from(fileA.bytes);
    const at = tampered.length - 100;
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    const pathBad = join(dir, 'tampered.caseline');
    writeFileSync(pathBad, tampered);
    dialog = await w.chooseCaseFile(pathBad);
    await w.page.getByTestId('case-open-merge').check();
    await w.page.getByTestId('case-open-go').click();
    const error = w.page.getByTestId('case-open-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/\((TAMPERED|DAMAGED)\)/);
    expect(await error.textContent()).toContain('Nothing was changed');
    await w.screenshot('r16-case-open-tampered');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await w.stats()).toEqual(statsA);
    await app?.close();

    // Investigator C: a Suricata case with its own note, exported; then A's file merged in. Nothing is lost.
    w = await open();
    await w.importFiles([join(SAMPLES, 'suricata-eve-wrccdc-2018.json')]);
    await w.closeImportSummary();
    const [incC] = await w.incidentIds();
    await w.openIncident(incC ?? '', 'activity');
    await w.page.getByTestId('incident-comments').getByRole('textbox').fill('C: scanner traffic from the red team');
    await w.page.getByTestId('incident-comments').getByRole('button', { name: 'Add note' }).click();
    await expect.poll(async () => w.page.getByTestId('incident-comments').locator('.note').count()).toBe(1);
    const statsC = await w.stats();
    const fileC = await w.exportCase();
    writeFileSync(join(dir, 'c.caseline'), fileC.bytes);
    await w.page.getByTestId('case-export-dialog').waitFor({ state: 'detached' });
    dialog = await w.chooseCaseFile(pathA);
    expect(await w.page.getByTestId('case-open-merge').isChecked()).toBe(true);
    await w.page.getByTestId('case-open-go').click();
    await w.page.getByTestId('case-open-passphrase').fill(passphrase);
    await w.page.getByTestId('case-open-go').click();
    await w.page.getByTestId('case-open-result').waitFor({ timeout: 60_000 });
    expect(await dialog.textContent()).toContain('nothing either side did was dropped');
    await w.screenshot('r17-case-merged');
    await w.page.getByTestId('case-open-close').click();
    const merged = { alerts: statsA.alerts + statsC.alerts, incidents: statsA.incidents + statsC.incidents };
    await expect.poll(() => w.stats()).toEqual(merged);
    await w.openIncident(incC ?? '', 'activity');
    // Notes load after the page: wait for them rather than reading the first paint.
    await expect.poll(async () => w.page.getByTestId('incident-comments').textContent(), { timeout: 30_000 }).toContain('C: scanner traffic from the red team');
    await w.openIncident(incA ?? '', 'activity');
    // Notes load after the page: wait for them rather than reading the first paint.
    await expect.poll(async () => w.page.getByTestId('incident-comments').textContent(), { timeout: 30_000 }).toContain('A: phishing confirmed with the user');
    await w.openIncident(incA ?? '');
    await expect.poll(async () => w.page.getByTestId('task').count()).toBe(4);
    // Merging the same file again adds nothing.
    await w.chooseCaseFile(pathA);
    await w.page.getByTestId('case-open-go').click();
    await w.page.getByTestId('case-open-passphrase').fill(passphrase);
    await w.page.getByTestId('case-open-go').click();
    await w.page.getByTestId('case-open-result').waitFor({ timeout: 60_000 });
    await w.page.getByTestId('case-open-close').click();
    expect(await w.stats()).toEqual(merged);
    expect(app?.offLoopback()).toEqual([]);
  });

  it('prints the report to PDF through the desktop bridge, and the desktop menu opens the export and open dialogs', async () => {
    const w = await open();
    const { page } = w;
    // Stand in for Electron's preload (window.caseline): the renderer's desktop bridge drives it as in the app.
    await w.app.context.addInitScript(() => {
      const listeners: ((c: string) => void)[] = [];
      const w = window as unknown as Record<string, unknown>;
      w.__menu = (c: string): void => listeners.forEach((l) => l(c));
      w.caseline = {
        openImportDialog: () => Promise.resolve([]),
        openCaseDialog: () => Promise.resolve([]),
        readChunk: () => Promise.resolve(new ArrayBuffer(0)),
        saveFile: (name: string, bytes: ArrayBuffer) => {
          w.__saved = { name, size: bytes.byteLength, head: new TextDecoder().decode(new Uint8Array(bytes).slice(0, 8)) };
          return Promise.resolve(name);
        },
        printToPdf: (html: string) => {
          w.__printed = html;
          return Promise.resolve(new TextEncoder().encode('%PDF-1.7\n% stand-in').buffer);
        },
        onMenuCommand: (l: (c: string) => void) => {
          listeners.push(l);
          return () => listeners.splice(listeners.indexOf(l), 1);
        },
        appInfo: () => Promise.resolve({ name: 'Caseline', version: '0', electron: '0', chrome: '0' }),
        onOpenCaseFile: () => () => undefined,
      };
    });
    await page.reload();
    await w.loadDemo();
    await w.closeImportSummary();
    const [id] = await w.incidentIds();
    await w.openIncident(id ?? '', 'summary');
    await page.evaluate(() => (window as unknown as { __menu: (c: string) => void }).__menu('export-report'));
    await page.getByTestId('report-dialog').waitFor();
    expect(await page.getByTestId('report-format-pdf').isDisabled()).toBe(false);
    expect(await page.getByTestId('pdf-note').count()).toBe(0);
    await page.getByTestId('report-format-pdf').check();
    await page.getByTestId('report-export').click();
    await page.getByTestId('report-dialog').waitFor({ state: 'detached' });
    const out = await page.evaluate(() => {
      const x = window as unknown as { __saved: { name: string; size: number; head: string }; __printed: string };
      return { saved: x.__saved, printed: x.__printed.slice(0, 400), hasTitle: x.__printed.includes(`CASELINE INCIDENT REPORT`) || x.__printed.includes('Executive summary') };
    });
    expect(out.saved).toMatchObject({ name: `caseline-${id}.pdf`, head: '%PDF-1.7' });
    expect(out.printed).toContain('Content-Security-Policy');
    expect(out.hasTitle).toBe(true);
    await expect.poll(async () => w.status.textContent()).toContain(`Saved caseline-${id}.pdf.`);
    await page.evaluate(() => (window as unknown as { __menu: (c: string) => void }).__menu('open-case'));
    await page.getByTestId('case-open-dialog').waitFor();
    expect(app?.offLoopback()).toEqual([]);
  });
});

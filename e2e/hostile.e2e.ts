// Hostile content stays text everywhere (SECURITY-NOTES R1/R2/R5/R6, §G): a Graph alerts_v2 export whose titles,
// descriptions, remediation, host names, command lines, file names, URLs and accounts carry the §G corpus, imported
// through the file input, then shown in the queue, the incident page, the graph (labels and hover tooltips), the
// entity pane and the alert details. No script runs, no dialog opens, no CSP violation fires, and the text shows
// literally (controls made visible, huge strings cut).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HOSTILE_STRINGS, HUGE_HOSTILE } from '#shared/report/hostile-corpus';
import type { AppSession } from './harness';
import { openApp } from './harness';
import { Workspace } from './pages';

const T0 = Date.UTC(2024, 2, 10, 8, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();
const SHARED_HOST = 'hostile-ws-01.contoso.com';
const CATEGORIES = ['InitialAccess', 'Execution', 'CredentialAccess', 'LateralMovement', 'CommandAndControl', 'Exfiltration'];

/** One Graph alert per payload: the payload in every string field we render, plus a shared host so they correlate. */
const alertFor = (payload: string, i: number): Record<string, unknown> => {
  const t = T0 + i * 60_000;
  const ev = (type: string, extra: Record<string, unknown>): Record<string, unknown> => ({
    '@odata.type': `#microsoft.graph.security.${type}`,
    createdDateTime: iso(t),
    verdict: 'suspicious',
    remediationStatus: 'none',
    roles: ['compromised'],
    detailedRoles: [],
    tags: [payload],
    ...extra,
  });
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id: `hostile-${i}`,
    providerAlertId: `hostile-${i}`,
    incidentId: payload,
    status: 'new',
    severity: i % 3 === 0 ? 'high' : 'medium',
    classification: 'unknown',
    determination: 'unknown',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: payload,
    detectorId: payload,
    title: payload,
    description: `${payload}\n${payload}`,
    recommendedActions: payload,
    category: CATEGORIES[i % CATEGORIES.length],
    mitreTechniques: ['T1059.001'],
    createdDateTime: iso(t),
    lastUpdateDateTime: iso(t),
    firstActivityDateTime: iso(t),
    lastActivityDateTime: iso(t + 30_000),
    comments: [],
    evidence: [
      ev('deviceEvidence', { mdeDeviceId: 'a'.repeat(40), deviceDnsName: SHARED_HOST, osPlatform: 'Windows10', ipInterfaces: ['10.9.9.9'], loggedOnUsers: [] }),
      ev('deviceEvidence', { mdeDeviceId: `b${i}`.padEnd(40, '0'), deviceDnsName: payload, osPlatform: payload, loggedOnUsers: [] }),
      ev('processEvidence', {
        processId: 1000 + i,
        parentProcessId: 4,
        processCommandLine: payload,
        processCreationDateTime: iso(t),
        imageFile: { fileName: `${payload}.exe`, filePath: `C:\\${payload}`, sha256: null, sha1: null },
        userAccount: { accountName: payload, domainName: 'CONTOSO', userSid: null, azureAdUserId: null, userPrincipalName: null, displayName: payload },
      }),
      ev('fileEvidence', { fileDetails: { fileName: payload, filePath: `C:\\Users\\${payload}`, sha256: null, sha1: null, fileSize: 1 } }),
      ev('urlEvidence', { url: `http://evil.example/p${i}?q=${payload}` }),
      ev('userEvidence', { userAccount: { accountName: payload, domainName: payload, userSid: null, azureAdUserId: null, userPrincipalName: `${payload}@contoso.com`, displayName: payload } }),
    ],
  };
};

const LONG_TITLE = `${'<img src=x onerror=window.__xss=1>'.repeat(40)} very long title ${'A'.repeat(3000)}`;

const writeCorpus = (dir: string): string => {
  const alerts = HOSTILE_STRINGS.map(alertFor);
  const huge = alertFor(LONG_TITLE, HOSTILE_STRINGS.length);
  const ev = (huge.evidence as Record<string, unknown>[])[2];
  if (ev) ev.processCommandLine = HUGE_HOSTILE;
  alerts.push(huge);
  const file = join(dir, 'graph-hostile-alerts.json');
  writeFileSync(file, JSON.stringify({ value: alerts }));
  return file;
};

/** What displayText shows for a payload (controls and bidi made visible), for literal comparisons. */
// eslint-disable-next-line no-control-regex
const visible = (s: string): string => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);

let app: AppSession | undefined;
const dir = mkdtempSync(join(tmpdir(), 'caseline-hostile-'));
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile alert content', () => {
  it('renders as plain text in the queue, incident page, graph labels and tooltips, entity pane and alert details', async () => {
    const file = writeCorpus(dir);
    app = await openApp();
    const w = new Workspace(app);
    const { page } = app;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.evaluate(() => {
      const log: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = log;
      document.addEventListener('securitypolicyviolation', (e) => log.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const check = async (where: string): Promise<void> => {
      const state = await page.evaluate(() => ({
        xss: (window as unknown as { __xss?: unknown }).__xss,
        csp: (window as unknown as { __csp: string[] }).__csp,
        handlers: document.querySelectorAll('[onerror],[onload],[onbegin],[onclick],[onmouseover]').length,
        imgs: document.querySelectorAll('img, iframe, object, embed, base, meta[http-equiv="refresh"], link[href*="attacker"]').length,
        scripts: [...document.scripts].filter((s) => !s.src).length,
        wide: document.documentElement.scrollWidth,
      }));
      expect(state.xss, where).toBeUndefined();
      expect(state.csp, where).toEqual([]);
      expect(state.handlers, where).toBe(0);
      expect(state.imgs, where).toBe(0);
      expect(state.scripts, where).toBe(0);
      expect(state.wide, `${where}: no horizontal overflow`).toBeLessThanOrEqual(1280);
      expect(dialogs, where).toEqual([]);
    };

    await w.importFromEmptyState(file);
    await expect.poll(async () => page.getByTestId('accepted').first().textContent()).toBe(String(HOSTILE_STRINGS.length + 1));
    await w.closeImportSummary();
    await check('import');

    // Alert queue: every title is in the table as text.
    await w.queue.open('alerts');
    expect(await w.queue.count('alerts')).toBe(HOSTILE_STRINGS.length + 1);
    await w.queue.table('alerts').getByRole('button', { name: 'Alert', exact: true }).click();
    // Scroll the virtual table through, collecting the titles it renders.
    const titles = new Set<string>();
    const body = w.queue.table('alerts').locator('.vt-body');
    for (let i = 0; i < 20; i++) {
      for (const t of await w.queue.table('alerts').locator('.vt-cell .strong').allTextContents()) titles.add(t);
      const done = await body.evaluate((el) => {
        const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
        el.scrollTop += el.clientHeight - 60;
        return end;
      });
      if (done) break;
      await page.waitForTimeout(150);
    }
    await body.evaluate((el) => (el.scrollTop = 0));
    // Every alert's title is there (the leading TAB and CR of two formula payloads are trimmed on import, so those two read alike).
    expect(titles.size).toBe(HOSTILE_STRINGS.length);
    for (const s of ['<img src=x onerror=window.__xss=1>', '"><svg onload=window.__xss=1>', '</title><script>window.__xss=1</script>', '{{constructor.constructor(\'window.__xss=1\')()}}', '${7*7}']) expect(titles.has(s), s).toBe(true);
    expect(titles.has(visible('invoice\u202Efdp.exe'))).toBe(true);
    await w.screenshot('h01-hostile-alert-queue');
    await check('alert queue');

    // Incident queue and page.
    await w.queue.open('incidents');
    expect(await w.queue.count('incidents')).toBeGreaterThan(0);
    await w.screenshot('h02-hostile-incident-queue');
    await w.queue.table('incidents').getByRole('button', { name: 'Alerts', exact: true }).click();
    await w.queue.rows('incidents').first().click();
    await w.incident.root.waitFor();
    const nodes = await w.graph.waitForNodes();
    await w.screenshot('h03-hostile-incident-story');
    await check('incident page');

    // Graph: node labels (canvas) come from the model; the keyboard list shows the same text literally.
    const labels = nodes.map((n) => n.label).join('\n');
    expect(labels).toContain('<img src=x onerror=window.__xss=1>');
    // Hover every node on screen (up to 40): tooltips are text.
    let hovered = 0;
    for (const n of nodes.filter((x) => x.x !== undefined && x.x > 20 && x.y !== undefined && x.y > 30).slice(0, 40)) {
      const tip = await w.graph.hover(n.id);
      const text = (await tip.getByTestId('graph-tooltip-value').textContent()) ?? '';
      expect(text.length).toBeGreaterThan(0);
      expect(await tip.locator('*').evaluateAll((els) => els.map((e) => e.tagName.toLowerCase()).filter((t) => t !== 'div'))).toEqual([]);
      hovered++;
    }
    expect(hovered).toBeGreaterThan(5);
    // Expand the crowded device group, then hover and open a device whose name is markup.
    const deviceGroup = (await w.graph.nodes()).find((n) => n.kind === 'group' && n.type === 'device');
    expect(deviceGroup, 'the hostile devices collapse into one group').toBeDefined();
    await w.graph.click(deviceGroup?.id ?? '');
    await expect.poll(async () => (await w.graph.nodes()).filter((n) => n.kind === 'entity' && n.type === 'device').length).toBeGreaterThan(25);
    await expect.poll(async () => (await w.graph.nodes()).some((n) => n.kind === 'entity' && n.label.includes('"><svg onload') && n.x !== undefined)).toBe(true);
    const hostileNode = (await w.graph.nodes()).find((n) => n.kind === 'entity' && n.label.includes('"><svg onload') && n.x !== undefined);
    const tip = await w.graph.hover(hostileNode?.id ?? '');
    expect(await tip.getByTestId('graph-tooltip-value').textContent()).toBe('"><svg onload=window.__xss=1>');
    await w.screenshot('h04-hostile-graph-tooltip');
    await check('graph expanded');
    await w.graph.click(hostileNode?.id ?? '');
    await w.entityPane.waitFor();
    await expect.poll(async () => (await page.getByTestId('entity-title').textContent()) ?? '').toBe('"><svg onload=window.__xss=1>');
    await expect.poll(async () => page.getByTestId('entity-alert').count()).toBeGreaterThan(0);
    // Notes on the entity are text too.
    await page.getByTestId('entity-notes').getByRole('textbox').fill('<img src=x onerror=window.__xss=1> noted');
    await page.getByTestId('entity-notes').getByRole('button', { name: 'Add note' }).click();
    await expect.poll(async () => page.getByTestId('entity-notes').locator('.note .prewrap').first().textContent()).toBe('<img src=x onerror=window.__xss=1> noted');
    await w.screenshot('h05-hostile-entity-pane');
    await check('entity pane');
    await page.getByRole('button', { name: 'Close entity pane' }).click();
    // Every tab.
    for (const tab of ['alerts', 'assets', 'evidence', 'activity', 'summary'] as const) {
      await w.incident.tab(tab);
      await page.waitForTimeout(200);
      await check(`tab ${tab}`);
    }
    await w.incident.tab('evidence');
    await w.screenshot('h06-hostile-evidence');

    // Alert details of the huge one: cut, not breaking the layout; the original record is an escaped tree.
    await page.evaluate(() => (window.location.hash = '#/view=alerts&sort=title.desc'));
    await w.queue.table('alerts').waitFor();
    await page.getByTestId('alert-search').fill('very long title');
    await expect.poll(() => w.queue.count('alerts')).toBe(1);
    await w.queue.rows('alerts').first().click();
    await w.alertDetail.waitFor();
    await page.getByTestId('raw-record').waitFor();
    const title = (await page.getByTestId('alert-detail-title').textContent()) ?? '';
    expect(title).toContain('<img src=x onerror=window.__xss=1>');
    expect(title).toMatch(/… \([\d,]+ chars\)$/);
    const cmd = await w.alertDetail.locator('.mono.small').first().textContent();
    expect(cmd).toMatch(/^(<img src=x onerror=window.__xss=1>)+<img src=x one… \([\d,]+ chars\)$/);
    expect(cmd?.length).toBeLessThan(1100);
    const drawer = await w.alertDetail.boundingBox();
    expect(drawer?.width).toBeLessThanOrEqual(660);
    await w.screenshot('h07-hostile-alert-detail');
    await check('alert details');
    // A payload alert's description and raw record, literally.
    await page.getByRole('button', { name: 'Close alert details' }).click();
    await page.getByTestId('alert-search').fill('');
    await expect.poll(() => w.queue.count('alerts')).toBe(HOSTILE_STRINGS.length + 1);
    await page.getByTestId('alert-search').fill('onbegin');
    await expect.poll(async () => (await w.queue.rows('alerts').allTextContents()).join('|')).toMatch(/^[^|]*onbegin[^|]*$/);
    await w.queue.rows('alerts').first().click();
    await expect.poll(async () => page.getByTestId('alert-description').textContent()).toContain('<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>');
    expect(await page.getByTestId('raw-record').textContent()).toContain('"<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>"');
    await check('alert details 2');
    expect(app.offLoopback()).toEqual([]);
  });
});

// The investigator's workspace end to end in Chromium on the demo case and a real export: queues, filters, bulk
// status, keyboard, the incident page (graph → entity pane → alert, timeline), moving an alert, merging incidents.
// Every page is screenshotted into test-output/e2e (checked by eye).
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

const open = async (): Promise<Workspace> => {
  app = await openApp();
  return new Workspace(app);
};

describe('investigator workspace', () => {
  it('filters the incident queue, keeps the filter in the URL, and bulk-changes status with one log entry per incident', async () => {
    const w = await open();
    await w.loadDemo();
    await w.closeImportSummary();
    await w.queue.open('incidents');
    const all = await w.queue.count('incidents');
    expect(all).toBeGreaterThanOrEqual(3);
    await w.screenshot('w01-incident-queue');

    await w.queue.filter('filter-severity', 'High');
    await expect.poll(() => w.hash()).toContain('sev=high');
    const high = await w.queue.count('incidents');
    expect(high).toBeGreaterThan(0);
    expect(high).toBeLessThanOrEqual(all);
    for (const t of await w.page.getByTestId('incident-queue').locator('.sev').allTextContents()) expect(t).toBe('High');
    // The view reopens from its URL.
    await w.page.reload();
    await w.page.getByTestId('incident-queue').waitFor();
    expect(await w.queue.count('incidents')).toBe(high);
    await expect.poll(async () => w.page.getByTestId('filter-severity').textContent()).toContain('High');
    await w.screenshot('w02-incident-queue-filtered');
    await w.page.getByTestId('filter-clear').click();
    await expect.poll(() => w.queue.count('incidents')).toBe(all);

    // Select two rows (click the first box, Shift-click the second) and resolve them in one step.
    const rows = w.queue.rows('incidents');
    await rows.nth(0).locator('input[type=checkbox]').click();
    await rows.nth(1).locator('input[type=checkbox]').click({ modifiers: ['Shift'] });
    await expect.poll(async () => w.page.getByTestId('bulk-bar').textContent()).toContain('2 selected');
    const ids = (await rows.evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute('data-testid')?.slice(4) ?? ''))).filter(Boolean);
    await w.page.getByTestId('bulk-incident-resolved').click();
    await expect.poll(async () => w.status.textContent()).toContain('2 incidents changed');
    await expect.poll(async () => (await rows.nth(0).getByTestId('incident-status').textContent()) ?? '').toBe('Resolved');
    await w.screenshot('w03-incident-bulk-resolved');
    // Each incident got exactly one status entry in its activity log, by the analyst.
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      await w.page.evaluate((i) => (window.location.hash = `#/view=incident&incident=${i}&tab=activity`), id);
      await w.page.getByTestId('activity-log').waitFor();
      await expect.poll(async () => (await w.page.getByTestId('incident-id').textContent()) ?? '').toBe(id);
      const entries = await w.page.getByTestId('activity-entry').allTextContents();
      expect(entries.filter((e) => /analyst changed status from “[\w ]+” to “Resolved”/.test(e))).toHaveLength(1);
    }
    await w.screenshot('w05-incident-activity');
    expect(app?.offLoopback()).toEqual([]);
  });

  it('moves through the alert queue with the keyboard, selects and sets status without the mouse', async () => {
    const w = await open();
    await w.importFiles([join(SAMPLES, 'suricata-eve-wrccdc-2018.json')]);
    await w.closeImportSummary();
    await w.queue.open('alerts');
    expect(await w.queue.count('alerts')).toBe(207);
    const table = w.queue.table('alerts');
    await table.focus();
    await w.page.keyboard.press('ArrowDown');
    await w.page.keyboard.press('Space');
    await w.page.keyboard.press('Shift+ArrowDown');
    await w.page.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => w.page.getByTestId('bulk-bar').textContent()).toContain('3 selected');
    await w.page.keyboard.press('2');
    await expect.poll(async () => w.status.textContent()).toContain('3 alerts changed');
    await expect.poll(async () => (await table.locator('.vt-row.selected').getByTestId('alert-status').allTextContents()).join(',')).toBe('In progress,In progress,In progress');
    // Filtering by the new status finds exactly those three.
    await w.page.keyboard.press('Escape');
    await w.queue.filter('filter-status', 'In progress');
    await expect.poll(() => w.queue.count('alerts')).toBe(3);
    await w.screenshot('w04-alert-queue-keyboard');
    // Enter opens the alert under the cursor.
    await table.focus();
    await w.page.keyboard.press('Enter');
    await w.alertDetail.waitFor();
    await w.page.getByTestId('raw-record').waitFor();
  });

  it('opens a multi-stage incident: graph → entity pane → alert, hover details, timeline brush filters the graph', async () => {
    const w = await open();
    await w.loadDemo();
    await w.closeImportSummary();
    await w.queue.open('incidents');
    // The biggest incident: sort by alert count.
    await w.queue.table('incidents').getByRole('button', { name: 'Alerts', exact: true }).click();
    await expect.poll(() => w.hash()).toContain('sort=alerts.desc');
    await w.queue.rows('incidents').first().click();
    await w.incident.root.waitFor();
    expect(await w.incident.alertCount()).toBeGreaterThan(10);
    const nodes = await w.graph.waitForNodes();
    const ms = await w.graph.renderMs();
    console.log(`graph: ${nodes.length} nodes drawn in ${ms} ms`);
    await w.screenshot('w10-incident-story');
    // Kill chain columns and timeline lanes are there.
    expect(await w.page.locator('.graph-columns span').count()).toBeGreaterThan(2);
    expect(await w.timeline.root.getByTestId('timeline-lane').count()).toBe(15);
    expect(await w.timeline.dots().count()).toBeGreaterThan(10);

    // Hover a device: the tooltip says what it is.
    const device = nodes.find((n) => n.type === 'device' && n.kind === 'entity');
    expect(device).toBeDefined();
    const tip = await w.graph.hover(device?.id ?? '');
    expect(await tip.textContent()).toMatch(/Device/);
    await w.screenshot('w11-graph-hover');

    // Click it: its entity pane opens with every alert and incident naming it.
    await w.graph.click(device?.id ?? '');
    await w.entityPane.waitFor();
    await expect.poll(() => w.hash()).toContain('entity=');
    await expect.poll(async () => w.page.getByTestId('entity-alert').count()).toBeGreaterThan(0);
    expect(await w.page.getByTestId('entity-incident').count()).toBeGreaterThan(0);
    await w.screenshot('w12-entity-pane');
    // From the pane, open one of its alerts.
    const alertTitle = (await w.page.getByTestId('entity-alert').first().textContent()) ?? '';
    await w.page.getByTestId('entity-alert').first().click();
    await w.alertDetail.waitFor();
    await expect.poll(async () => w.page.getByTestId('alert-detail-title').textContent()).toBe(alertTitle);
    await w.page.getByTestId('alert-detail-reasons').waitFor();
    await w.page.getByTestId('raw-record').waitFor();
    await w.screenshot('w13-alert-from-entity');
    await w.page.getByRole('button', { name: 'Close alert details' }).click();
    await w.page.getByRole('button', { name: 'Close entity pane' }).click();

    // Path between two nodes.
    const alertsNodes = (await w.graph.nodes()).filter((n) => n.kind === 'alert' && n.x !== undefined);
    await w.page.getByTestId('graph-path').click();
    await w.graph.click(alertsNodes[0]?.id ?? '');
    await w.graph.click(alertsNodes[alertsNodes.length - 1]?.id ?? '');
    await expect.poll(async () => w.page.getByTestId('graph-path-status').textContent()).toMatch(/Path: \d+ steps?|not connected/);
    await w.screenshot('w14-graph-path');
    await w.page.getByTestId('graph-path').click();

    // Brush the first half of the timeline: the graph keeps only alerts in that window.
    const before = Number(await w.graph.root.getAttribute('data-node-count'));
    await w.timeline.brush(0.02, 0.4);
    await w.page.getByTestId('graph-time-filter').waitFor();
    await expect.poll(async () => Number(await w.graph.root.getAttribute('data-node-count'))).toBeLessThan(before);
    await w.screenshot('w15-timeline-brush');
    // Clicking a dot opens that alert.
    await w.timeline.dots().last().click();
    await w.alertDetail.waitFor();
    await w.page.getByRole('button', { name: 'Close alert details' }).click();

    // The force layout draws too.
    await w.page.getByTestId('timeline-clear-range').click();
    await w.page.getByTestId('layout-fcose').click();
    await expect.poll(async () => (await w.graph.nodes()).filter((n) => n.x !== undefined).length).toBeGreaterThan(0);
    await w.screenshot('w16-graph-force');
    expect(app?.consoleErrors).toEqual([]);
  });

  it('shows alerts with reasons, assets, evidence and summary; renames; moves an alert out; merges two incidents', async () => {
    const w = await open();
    await w.loadDemo();
    await w.closeImportSummary();
    await w.queue.open('incidents');
    await w.queue.table('incidents').getByRole('button', { name: 'Alerts', exact: true }).click();
    await w.queue.rows('incidents').first().click();
    await w.incident.root.waitFor();
    const id = await w.incident.id();
    const count = await w.incident.alertCount();

    await w.incident.tab('alerts');
    await w.page.getByTestId('incident-alert-table').waitFor();
    await expect.poll(async () => w.page.getByTestId('alert-reasons').count()).toBeGreaterThan(3);
    expect((await w.page.getByTestId('alert-reasons').allTextContents()).join(' ')).toMatch(/Same asset|Attack sequence|Shared indicator|Time frame|Repeated alert/);
    await w.screenshot('w20-incident-alerts');
    await w.incident.tab('assets');
    await w.page.getByTestId('entity-group-device').waitFor();
    await w.screenshot('w21-incident-assets');
    await w.incident.tab('evidence');
    await w.page.getByTestId('incident-evidence').waitFor();
    expect(await w.page.getByTestId('entity-link').count()).toBeGreaterThan(0);
    await w.screenshot('w22-incident-evidence');
    await w.incident.tab('summary');
    await expect.poll(async () => w.page.getByTestId('incident-summary').textContent()).toMatch(/Between .* alerts from/);
    await w.screenshot('w23-incident-summary');

    // Rename: the new name shows, and the activity log says who changed it.
    await w.page.getByTestId('incident-name-edit').click();
    await w.page.getByTestId('incident-name-input').fill('Fabrikam intrusion (renamed)');
    await w.page.keyboard.press('Enter');
    await expect.poll(async () => w.page.getByTestId('incident-name').textContent()).toBe('Fabrikam intrusion (renamed)');
    await w.incident.tab('activity');
    await expect.poll(async () => (await w.page.getByTestId('activity-entry').allTextContents()).join('\n')).toMatch(/analyst changed name from .* to “Fabrikam intrusion \(renamed\)”/);

    // Move the first alert out to a new incident.
    await w.incident.tab('alerts');
    await w.page.getByTestId('incident-alert-table').locator('[data-testid^="row-al-"] input[type=checkbox]').first().click();
    await w.page.getByTestId('move-alerts').click();
    await w.page.getByTestId('move-dialog').waitFor();
    await w.page.getByTestId('move-new').check();
    await w.screenshot('w24-move-dialog');
    await w.page.getByTestId('move-confirm').click();
    await expect.poll(async () => w.status.textContent(), { timeout: 20_000 }).toMatch(/Moved 1 alert to in-/);
    const moved = /Moved 1 alert to (in-[\w-]+)/.exec((await w.status.textContent()) ?? '')?.[1] ?? '';
    await expect.poll(() => w.incident.alertCount()).toBe(count - 1);

    // Merge the new incident back into this one from the header.
    await w.page.getByTestId('incident-merge').click();
    await w.page.getByTestId('merge-dialog').waitFor();
    await w.page.getByTestId('merge-search').fill(moved);
    await w.page.getByTestId(`merge-add-${moved}`).click();
    await w.screenshot('w25-merge-dialog');
    await w.page.getByTestId('merge-confirm').click();
    await expect.poll(async () => w.status.textContent(), { timeout: 20_000 }).toMatch(/Merged 1 incident into/);
    await expect.poll(() => w.incident.alertCount()).toBe(count);
    expect(await w.incident.id()).toBe(id);
    // The merged one is marked as such.
    await w.page.evaluate((m) => (window.location.hash = `#/view=incident&incident=${m}&tab=summary`), moved);
    await expect.poll(async () => w.page.locator('.banner').textContent()).toContain(`merged into ${id}`);
    await w.screenshot('w26-merged-incident');
    expect(app?.consoleErrors).toEqual([]);
  });
});

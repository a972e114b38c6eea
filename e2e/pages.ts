// Page models for the investigator's workspace: tests say what the analyst does, these say how.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { AppSession } from './harness';

export type GraphNodeInfo = { id: string; kind: string; type: string; label: string; x: number | undefined; y: number | undefined };

const numberIn = (text: string | null): number => Number((text ?? '').replace(/[^\d]/g, '') || 0);

export class Workspace {
  readonly page: Page;
  constructor(readonly app: AppSession) {
    this.page = app.page;
  }

  /** Load the demo case from the empty state and wait for its import summary. */
  async loadDemo(): Promise<void> {
    await this.page.getByTestId('empty-state').waitFor();
    await this.page.getByTestId('open-demo').click();
    await this.page.getByTestId('import-summary').waitFor({ timeout: 90_000 });
  }

  async importFiles(paths: string[]): Promise<void> {
    await this.importVia('import-button', paths, 90_000);
  }

  /** Import files through the empty state's button (a fresh app), then wait up to `timeout` ms for the summary. */
  async importFromEmptyState(paths: string | string[], timeout = 90_000): Promise<void> {
    await this.page.getByTestId('empty-state').waitFor();
    await this.importVia('empty-import', paths, timeout);
  }

  private async importVia(button: string, paths: string | string[], timeout: number): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId(button).click();
    await (await chooser).setFiles(paths);
    // The import dialog shows each file's detected format; accept it.
    await this.page.getByTestId('import-confirm').click();
    await this.page.getByTestId('import-summary').waitFor({ timeout });
  }

  async closeImportSummary(): Promise<void> {
    await this.page.getByRole('button', { name: 'Close import summary' }).click();
  }

  async screenshot(name: string): Promise<void> {
    await this.app.screenshot(name);
  }

  get queue(): Queue {
    return new Queue(this.page);
  }
  get incident(): IncidentPageModel {
    return new IncidentPageModel(this.page);
  }
  get graph(): GraphModel {
    return new GraphModel(this.page);
  }
  get timeline(): TimelineModel {
    return new TimelineModel(this.page);
  }
  get entityPane(): Locator {
    return this.page.getByTestId('entity-pane');
  }
  get alertDetail(): Locator {
    return this.page.getByTestId('alert-detail');
  }
  get status(): Locator {
    return this.page.getByTestId('status-line');
  }
  async hash(): Promise<string> {
    return this.page.evaluate(() => decodeURIComponent(window.location.hash));
  }
}

export class Queue {
  constructor(readonly page: Page) {}
  async open(kind: 'incidents' | 'alerts'): Promise<void> {
    await this.page.getByTestId(`nav-${kind}`).click();
    await this.page.getByTestId(`${kind === 'alerts' ? 'alert' : 'incident'}-queue`).waitFor();
  }
  table(kind: 'incidents' | 'alerts'): Locator {
    return this.page.getByTestId(`${kind === 'alerts' ? 'alert' : 'incident'}-queue`);
  }
  rows(kind: 'incidents' | 'alerts'): Locator {
    return this.table(kind).locator(`[data-testid^="row-${kind === 'alerts' ? 'al-' : 'in-'}"]`);
  }
  /** The row count the footer shows, once loaded. */
  async count(kind: 'incidents' | 'alerts'): Promise<number> {
    const el = this.page.getByTestId(`${kind === 'alerts' ? 'alert' : 'incident'}-queue-count`);
    await expect.poll(async () => (await el.textContent()) ?? '', { timeout: 30_000 }).not.toContain('Loading');
    return numberIn((await el.textContent())?.split('·')[0] ?? '');
  }
  async filter(testId: string, optionLabel: string): Promise<void> {
    await this.page.getByTestId(testId).click();
    await this.page.getByRole('group', { name: testId.replace('filter-', '').replace(/^\w/, (c) => c.toUpperCase()) }).getByLabel(optionLabel, { exact: true }).check();
    await this.page.keyboard.press('Escape');
  }
}

export class IncidentPageModel {
  constructor(readonly page: Page) {}
  get root(): Locator {
    return this.page.getByTestId('incident-page');
  }
  async tab(key: 'story' | 'alerts' | 'assets' | 'evidence' | 'activity' | 'summary'): Promise<void> {
    await this.page.getByTestId(`tab-${key}`).click();
  }
  async id(): Promise<string> {
    return (await this.page.getByTestId('incident-id').textContent()) ?? '';
  }
  async alertCount(): Promise<number> {
    return numberIn(await this.page.getByTestId('tab-alerts').locator('.tab-count').textContent());
  }
}

export class GraphModel {
  constructor(readonly page: Page) {}
  get root(): Locator {
    return this.page.getByTestId('attack-graph');
  }
  /** Nodes with their on-screen positions (from the graph's keyboard node list). */
  async nodes(): Promise<GraphNodeInfo[]> {
    return this.page.getByTestId('graph-nodes').locator('button').evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-node-id') ?? '',
        kind: el.getAttribute('data-kind') ?? '',
        type: el.getAttribute('data-type') ?? '',
        label: el.textContent ?? '',
        x: el.hasAttribute('data-x') ? Number(el.getAttribute('data-x')) : undefined,
        y: el.hasAttribute('data-y') ? Number(el.getAttribute('data-y')) : undefined,
      })),
    );
  }
  async waitForNodes(): Promise<GraphNodeInfo[]> {
    await expect.poll(async () => (await this.nodes()).filter((n) => n.x !== undefined).length, { timeout: 30_000 }).toBeGreaterThan(0);
    return this.nodes();
  }
  /** Where a node is drawn, in page coordinates (the canvas is real; we click and hover it). */
  async pointOf(id: string): Promise<{ x: number; y: number }> {
    const n = (await this.nodes()).find((x) => x.id === id);
    const box = await this.page.getByTestId('graph-canvas').boundingBox();
    if (!n || n.x === undefined || n.y === undefined || !box) throw new Error(`node ${id} is not on screen`);
    return { x: box.x + n.x, y: box.y + n.y };
  }
  async click(id: string, opts: { shift?: boolean } = {}): Promise<void> {
    const p = await this.pointOf(id);
    if (opts.shift) await this.page.keyboard.down('Shift');
    await this.page.mouse.click(p.x, p.y);
    if (opts.shift) await this.page.keyboard.up('Shift');
  }
  async hover(id: string): Promise<Locator> {
    const p = await this.pointOf(id);
    await this.page.mouse.move(p.x - 30, p.y - 30);
    await this.page.mouse.move(p.x, p.y, { steps: 3 });
    const tip = this.page.getByTestId('graph-tooltip');
    await tip.waitFor();
    return tip;
  }
  async renderMs(): Promise<number> {
    await expect.poll(async () => this.root.getAttribute('data-render-ms'), { timeout: 30_000 }).not.toBeNull();
    return Number(await this.root.getAttribute('data-render-ms'));
  }
}

export class TimelineModel {
  constructor(readonly page: Page) {}
  get root(): Locator {
    return this.page.getByTestId('timeline');
  }
  dots(): Locator {
    return this.root.getByTestId('timeline-dot');
  }
  /** Drag across the plot from one fraction of its width to another. */
  async brush(from: number, to: number): Promise<void> {
    const box = await this.root.getByTestId('timeline-plot').locator('.tl-hit').boundingBox();
    if (!box) throw new Error('timeline not visible');
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
    await this.page.mouse.move(box.x + box.width * to, y, { steps: 4 });
    await this.page.mouse.up();
  }
}

// Incident-graph-at-scale bench page (issue #5): mounts the app's real Story tab (AttackGraph + GraphCanvas with
// Cytoscape, and the timeline beside it) for one synthetic incident of 2,000 entities over 300 alerts, with the
// app's stylesheet, and times what the analyst waits for. The driver (bench/ui-run.mjs) calls the steps one by one
// and screenshots the page between them.
//
// What "drawn" means: the first frame Cytoscape paints (its 'render' event) that shows the new elements, i.e. after
// React rendered, the model was built, the layout ran and the elements were added. "Idle" is the first macrotask
// after that frame: the main thread is free to take the analyst's next click.
import { StrictMode, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import type { Core, NodeSingular } from 'cytoscape';
import { WorkspaceContext } from '../../renderer/app/workspace';
import type { Workspace } from '../../renderer/app/workspace';
import { StoryTab } from '../../renderer/views/incident/StoryTab';
import { buildGraph } from '../../renderer/views/graph/graph-model';
import { killChainLayout } from '../../renderer/views/graph/graph-layout';
import '../../renderer/app/styles.css';
import { bigIncident } from './ui-synthetic';

export type GraphStep = 'mount' | 'fcose' | 'killchain' | 'expand-all' | 'unmount';
export type GraphStepResult = { step: GraphStep; nodes: number; edges: number; sets: number; drawnMs: number; usableMs: number; canvasMs: number | undefined; longestTaskMs: number; mainCpuMs?: number };
export type GraphModelTiming = { entities: number; alerts: number; collapsedNodes: number; expandedNodes: number; buildMs: number; buildExpandedMs: number; layoutMs: number; layoutExpandedMs: number };

const params = new URLSearchParams(location.search);
(globalThis as unknown as { __exp?: string }).__exp = params.get('exp') ?? '';
const ENTITIES = Number(params.get('entities') ?? 2000);
const ALERTS = Number(params.get('alerts') ?? 300);
const detail = bigIncident(ENTITIES, ALERTS);

// The graph reaches the shell only to notify and to save exports: nothing else of the workspace is used here.
const notes: string[] = [];
const workspace = {
  notify: (text: string) => notes.push(text),
  platform: { kind: 'web', saveFile: () => Promise.resolve(null) },
  openEntity: () => undefined,
  openAlert: () => undefined,
} as unknown as Workspace;

// Provided by the driver (bench/ui-run.mjs) from /proc; absent when the page is opened by hand.
const threadCpu = (window as unknown as { __threadCpu?: () => Promise<{ main: number; worker: number }> }).__threadCpu;

const longTasks: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

const host = document.getElementById('root') as HTMLElement;
// The incident page's height at a 1280×800 window (header, incident bar and tabs above the Story tab).
host.style.cssText = 'position: fixed; left: 0; right: 0; top: 132px; bottom: 0; display: flex;';
let root: Root | undefined;

const cyOf = (): Core | undefined => {
  const el = document.querySelector<HTMLElement & { _cyreg?: { cy?: Core } }>('[data-testid="graph-canvas"]');
  return el?._cyreg?.cy;
};
const macrotask = (): Promise<void> =>
  new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });

/**
 * Time from `trigger` to the first Cytoscape frame painted with a new element set ("drawn"), and to the first
 * macrotask after the LAST new element set was painted ("usable": the graph is final and the main thread is free
 * for the analyst's next click). A step is over once no new element set has been painted for 500 ms; `sets`
 * counts the element sets painted (more than one: the graph was laid out and drawn again before it settled).
 * The Cytoscape instance may not exist yet (mount): a MutationObserver attaches the listener as soon as its
 * canvases enter the DOM, which is before its first frame.
 */
const measure = async (step: GraphStep, trigger: () => void): Promise<GraphStepResult> => {
  const before = cyOf();
  let lastFirst: NodeSingular | undefined = before?.nodes()[0];
  const canvasBefore = document.querySelector('[data-testid="attack-graph"]')?.getAttribute('data-render-ms');
  let drawnAt = 0;
  let lastAt = 0;
  let idleAt = 0;
  let sets = 0;
  let listening: Core | undefined;
  const onRender = (): void => {
    const first: NodeSingular | undefined = listening?.nodes()[0];
    if (!first || first === lastFirst) return;
    lastFirst = first;
    sets++;
    const at = performance.now();
    lastAt = at;
    drawnAt ||= at;
    void macrotask().then(() => {
      if (lastAt === at) idleAt = performance.now();
    });
  };
  const listen = (cy: Core): void => {
    listening = cy;
    cy.on('render', onRender);
  };
  if (before) listen(before);
  else {
    const mo = new MutationObserver(() => {
      const cy = cyOf();
      if (!cy) return;
      mo.disconnect();
      listen(cy);
    });
    mo.observe(host, { childList: true, subtree: true });
  }
  const c0 = await threadCpu?.();
  const t0 = performance.now();
  trigger();
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  while (!drawnAt || !idleAt || performance.now() - lastAt < 500) {
    if (performance.now() - t0 > 60_000) throw new Error(`${step}: nothing drawn in 60 s`);
    await sleep(50);
  }
  listening?.off('render', onRender);
  // The main thread's CPU time over the step (the 500 ms quiet wait adds only its timer ticks).
  const c1 = await threadCpu?.();
  const cy = cyOf();
  // GraphCanvas's own figure (elements + layout + one frame), as the status line shows it.
  let canvas = document.querySelector('[data-testid="attack-graph"]')?.getAttribute('data-render-ms');
  for (let i = 0; i < 20 && (canvas === canvasBefore || canvas === null); i++) {
    await new Promise((r) => requestAnimationFrame(r));
    canvas = document.querySelector('[data-testid="attack-graph"]')?.getAttribute('data-render-ms');
  }
  const longest = Math.max(0, ...longTasks.filter((t) => t.start >= t0 - 1 && t.start <= idleAt).map((t) => t.duration));
  return {
    step,
    nodes: cy?.nodes().length ?? 0,
    edges: cy?.edges().length ?? 0,
    sets,
    drawnMs: Math.round(drawnAt - t0),
    usableMs: Math.round(idleAt - t0),
    canvasMs: canvas ? Number(canvas) : undefined,
    longestTaskMs: Math.round(longest),
    ...(c0 && c1 ? { mainCpuMs: Math.round(c1.main - c0.main) } : {}),
  };
};

const click = (testId: string): void => (document.querySelector(`[data-testid="${testId}"]`) as HTMLButtonElement).click();

const steps: Record<GraphStep, () => Promise<GraphStepResult | undefined>> = {
  mount: () =>
    measure('mount', () => {
      root = createRoot(host);
      root.render(createElement(StrictMode, null, createElement(WorkspaceContext.Provider, { value: workspace }, createElement(StoryTab, { detail, themeKey: 'light' }))));
    }),
  fcose: () => measure('fcose', () => click('layout-fcose')),
  killchain: () => measure('killchain', () => click('layout-killchain')),
  // Tap every collapsed group, as an analyst expanding them one by one would, but in one task (React batches
  // the taps into one render): every alert and entity gets its own node.
  'expand-all': () =>
    measure('expand-all', () => {
      const cy = cyOf();
      cy?.nodes('[kind = "group"]').forEach((n) => {
        n.emit('tap');
      });
    }),
  unmount: async () => {
    root?.unmount();
    root = undefined;
    await macrotask();
    return undefined;
  },
};

/** The pure parts alone (what the panel computes before Cytoscape sees anything). */
const modelTiming = (): GraphModelTiming => {
  const t0 = performance.now();
  const collapsed = buildGraph(detail);
  const t1 = performance.now();
  killChainLayout(collapsed, 1.4);
  const t2 = performance.now();
  const expandedIds = new Set(collapsed.nodes.filter((n) => n.kind === 'group').map((n) => n.id));
  const t3 = performance.now();
  const expanded = buildGraph(detail, { expanded: expandedIds });
  const t4 = performance.now();
  killChainLayout(expanded, 1.4);
  const t5 = performance.now();
  return {
    entities: detail.entities.length,
    alerts: detail.alerts.length,
    collapsedNodes: collapsed.nodes.length,
    expandedNodes: expanded.nodes.length,
    buildMs: Math.round(t1 - t0),
    layoutMs: Math.round(t2 - t1),
    buildExpandedMs: Math.round(t4 - t3),
    layoutExpandedMs: Math.round(t5 - t4),
  };
};

(window as unknown as { __graph: unknown }).__graph = {
  step: (s: GraphStep) => steps[s](),
  model: modelTiming,
};

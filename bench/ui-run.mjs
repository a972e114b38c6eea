/* global window */
// The workspace-at-scale stage of `npm run bench` (issue #5): the queue over 1,000,000 alerts and 100,000
// incidents (dist/bench/ui-queue.html) and the incident graph of 2,000 entities (dist/bench/ui-graph.html), in
// headless Chromium on a fresh persistent profile, as the import stage runs. Screenshots of the graph go to
// test-output/bench/. Returns one result object; prints progress through `say`.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../scripts/chromium.mjs';
import { startServer } from '../scripts/serve.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * CPU time (ms, from /proc/<pid>/task/<tid>/schedstat: nanoseconds on a CPU) of the page's main threads and of its
 * dedicated workers, summed over Chromium's renderer processes for this profile. On a loaded machine wall-clock
 * times include waiting for a CPU; this is the work itself, close to the wall-clock time on an idle machine.
 */
const threadCpu = (profile) => {
  let main = 0;
  let worker = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let cmd;
    try {
      cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes(profile) || !cmd.includes('--type=renderer')) continue;
    for (const t of readdirSync(`/proc/${d}/task`)) {
      try {
        const ns = Number(readFileSync(`/proc/${d}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
        if (t === d) main += ns / 1e6;
        else if (readFileSync(`/proc/${d}/task/${t}/comm`, 'utf8').startsWith('DedicatedWorker')) worker += ns / 1e6;
      } catch {
        /* thread ended */
      }
    }
  }
  return { main, worker };
};

/** @param {{ say: (s: string) => void, alerts?: number, incidents?: number, entities?: number, graphAlerts?: number, reps?: number, shots?: string }} o */
export const runUiStage = async ({ say, alerts = 1_000_000, incidents = 100_000, entities = 2000, graphAlerts = 300, reps = 3, shots = 'test-output/bench' }) => {
  const server = await startServer({ root: resolve('dist/bench') });
  const profile = mkdtempSync(join(tmpdir(), 'caseline-bench-ui-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: CHROMIUM_FLAGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => m.type() === 'error' && say(`page error: ${m.text()}`));
    page.on('pageerror', (e) => say(`page error: ${e.message}`));
    await page.exposeFunction('__threadCpu', () => threadCpu(profile));

    // Queue: the page runs every case and leaves the result in window.__bench.
    await page.goto(`${server.url}ui-queue.html?alerts=${alerts}&incidents=${incidents}&reps=${reps}`);
    let printed = 0;
    let queue;
    const started = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const state = await page.evaluate(() => ({ log: window.__benchLog ?? [], result: window.__bench }));
      for (const line of state.log.slice(printed)) say(`  ${line}`);
      printed = state.log.length;
      if (state.result) {
        queue = state.result;
        break;
      }
      if (Date.now() - started > 20 * 60_000) throw new Error('queue bench timed out');
    }
    if (queue.error) throw new Error(queue.error);

    // Graph: steps driven from here, so the page can be screenshotted between them. The first round is shot.
    await page.goto(`${server.url}ui-graph.html?entities=${entities}&alerts=${graphAlerts}`);
    await page.waitForFunction(() => !!window.__graph);
    const model = await page.evaluate(() => window.__graph.model());
    say(`  graph model: ${model.entities} entities, ${model.alerts} alerts → ${model.collapsedNodes} nodes (${model.expandedNodes} expanded); build ${model.buildMs} ms (${model.buildExpandedMs} ms expanded), kill-chain layout ${model.layoutMs} ms (${model.layoutExpandedMs} ms expanded)`);
    mkdirSync(shots, { recursive: true });
    const plan = [
      ['mount', 'mount, kill chain (default)', 'graph-2000.png'],
      ['fcose', 'switch to force layout (fcose)', 'graph-2000-fcose.png'],
      ['killchain', 'switch back to kill chain', undefined],
      ['expand-all', 'expand every group, kill chain', 'graph-2000-expanded.png'],
      ['fcose', 'expanded, switch to force layout (fcose)', 'graph-2000-expanded-fcose.png'],
      ['unmount', undefined, undefined],
    ];
    const runs = new Map();
    for (let rep = 0; rep < reps; rep++) {
      for (const [step, label, shot] of plan) {
        const r = await page.evaluate((s) => window.__graph.step(s), step);
        if (!label || !r) continue;
        if (!runs.has(label)) runs.set(label, []);
        runs.get(label).push(r);
        if (rep === 0 && shot) await page.screenshot({ path: join(shots, shot) });
      }
    }
    // Medians over the rounds; the first round also on its own (a fresh page: nothing compiled by the JIT yet).
    const graph = [...runs].map(([label, rs]) => ({
      step: label,
      nodes: rs[0].nodes,
      edges: rs[0].edges,
      sets: Math.max(...rs.map((r) => r.sets)),
      drawnMs: median(rs.map((r) => r.drawnMs)),
      usableMs: median(rs.map((r) => r.usableMs)),
      mainCpuMs: median(rs.map((r) => r.mainCpuMs ?? 0)),
      canvasMs: median(rs.map((r) => r.canvasMs ?? 0)),
      longestTaskMs: Math.max(...rs.map((r) => r.longestTaskMs)),
      firstUsableMs: rs[0].usableMs,
      runs: rs.map((r) => r.usableMs),
    }));
    for (const g of graph) {
      say(`  graph ${g.step}: ${g.nodes} nodes, ${g.edges} edges · drawn ${g.drawnMs} ms · usable ${g.usableMs} ms (runs ${g.runs.join(', ')}; main-thread CPU ${g.mainCpuMs} ms) · canvas ${g.canvasMs} ms · longest task ${g.longestTaskMs} ms${g.sets > 1 ? ` · drawn ${g.sets} times` : ''}`);
    }
    const mount = graph[0];
    const worst = queue.worstCold;
    say(`workspace at scale: queue over ${queue.alerts.toLocaleString()} alerts, slowest cold change ${worst.ms} ms (${worst.name}; worker CPU ${worst.cpuMs ?? '?'} ms) · graph of ${model.entities.toLocaleString()} entities usable ${mount.usableMs} ms after mount (main-thread CPU ${mount.mainCpuMs} ms) · screenshots in ${shots}/`);
    return { queue, graphModel: model, graph, screenshots: shots };
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
};

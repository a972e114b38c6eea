/* global window */
// npm run bench [-- --alerts N] [--json]: runs the storage/import bench in headless Chromium (persistent
// profile, like Electron) and prints rates and ratios measured in one run. Peak memory is the summed PSS of
// Chromium's processes, sampled from /proc while the bench runs.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../scripts/chromium.mjs';
import { execFileSync } from 'node:child_process';
import { startServer } from '../scripts/serve.mjs';
import { runUiStage } from './ui-run.mjs';
import { attachWorkers, dumpMemory } from './heap.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : def;
};
const alerts = opt('alerts', 100_000);
const asJson = args.includes('--json');
const say = (s) => (asJson ? process.stderr.write(`${s}\n`) : console.log(s));

const descendants = (root) => {
  const kids = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {
      /* process ended */
    }
  }
  const out = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop();
    out.push(p);
    stack.push(...(kids.get(p) ?? []));
  }
  return out;
};
// PSS (proportional set size) so memory shared between Chromium's processes is counted once.
const rssOf = (pids) =>
  pids.reduce((sum, pid) => {
    try {
      const m = /Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      return sum + (m ? Number(m[1]) * 1024 : 0);
    } catch {
      return sum;
    }
  }, 0);

// Workspace at scale (issue #5: queue over 1M alerts, graph of 2,000 entities): `--only ui` runs just that stage,
// `--skip-ui` leaves it out; `--ui-alerts N` sizes its queue (default 1,000,000).
const uiStage = () => runUiStage({ say, alerts: opt('ui-alerts', 1_000_000) });
if (args.includes('--only') && args[args.indexOf('--only') + 1] === 'ui') {
  const ui = await uiStage();
  if (asJson) console.log(JSON.stringify({ ui, date: new Date().toISOString() }));
  process.exit(0);
}

// The import's input file, written to disk. The page is given it through a file input, so the engine reads a
// disk-backed File as it does when the analyst picks or drops one (`--stream`: it fetches the file from the bench
// server as an HTTP stream instead, which a transferred stream pumps through the engine's thread to the reader).
// For quick comparisons of opening a large case: `--profile DIR --keep-case` imports into a profile that is kept,
// and `--profile DIR --reopen-only N` then only opens that case N times (no input file, no import).
const reopenOnly = opt('reopen-only', 0);
const profileArg = args.includes('--profile') ? resolve(args[args.indexOf('--profile') + 1]) : undefined;
const dataFile = resolve('dist/bench/bench-data.ndjson');
if (!reopenOnly) {
  const written = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bench/write-ndjson.ts', String(alerts), dataFile, ...(args.includes('--fresh-device-ids') ? ['--fresh-device-ids'] : [])], { encoding: 'utf8' }).trim());
  say(`  wrote ${written.alerts} alerts, ${(written.bytes / 1e6).toFixed(1)} MB NDJSON`);
}
// A kept profile's case belongs to the page's origin: the same port each time.
const server = await startServer({ root: resolve('dist/bench'), ...(profileArg ? { port: 47_613 } : {}) });
const profile = profileArg ?? mkdtempSync(join(tmpdir(), 'caseline-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  // BENCH_CHROMIUM_ARGS adds flags for diagnosis, e.g. '--js-flags=--prof' (a V8 tick log per isolate, workers
  // included, for `node --prof-process`).
  args: [...CHROMIUM_FLAGS, ...(process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean)],
});
// A persistent context exposes no browser process: find Chromium by its (unique) profile directory.
const chromiumRoots = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
        return cmd.includes(profile) && !cmd.includes('--type=');
      } catch {
        return false;
      }
    })
    .map(Number);
// CPU time per thread (utime + stime, ms) of Chromium's processes, keyed by process, thread id and thread name:
// the difference of two snapshots says which threads (engine worker, reader worker, storage) did an import's work.
const CLK_TCK = 100;
const threadCpu = () => {
  const out = new Map();
  for (const pid of new Set(chromiumRoots().flatMap(descendants))) {
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    const proc = processType(pid);
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${proc}:${pid}:${tid}:${name}`, ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK);
      } catch {
        /* thread ended */
      }
    }
  }
  return out;
};
/** Busiest threads between two snapshots, summed by process type and thread name. */
const cpuBetween = (a, b) => {
  const sums = new Map();
  for (const [k, v] of b) {
    const [proc, , tid, name] = k.split(':');
    // Workers are told apart by thread (each is one thread); pools are summed by name.
    const key = name === 'DedicatedWorker' ? `${proc}/${name}#${tid}` : `${proc}/${name}`;
    sums.set(key, (sums.get(key) ?? 0) + v - (a.get(k) ?? 0));
  }
  return Object.fromEntries([...sums].filter(([, v]) => v >= 100).sort((x, y) => y[1] - x[1]).map(([k, v]) => [k, Math.round(v)]));
};
let peakRss = 0;
/** Peak PSS per Chromium process type (renderer: the page and its workers; utility: storage...), MB. */
const peakByType = {};
const processType = (pid) => {
  try {
    return /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))?.[1] ?? 'browser';
  } catch {
    return '?';
  }
};
// Sampling must not disturb what it measures: PSS (smaps_rollup) makes the kernel walk every page of a process,
// which at 4 Hz over a 3 GB renderer cost as much system CPU as the import itself (12.5k -> 16.1k alerts/s at 200k
// when sampled less often). So PSS is read every 2 s, and in between only the cheap counters of /proc/<pid>/status
// (anonymous + shared memory, where the heaps live), every 250 ms, to catch short peaks.
let peakAnon = 0;
const anonOf = (pid) => {
  try {
    const st = readFileSync(`/proc/${pid}/status`, 'utf8');
    return (Number(/RssAnon:\s+(\d+) kB/.exec(st)?.[1] ?? 0) + Number(/RssShmem:\s+(\d+) kB/.exec(st)?.[1] ?? 0)) * 1024;
  } catch {
    return 0;
  }
};
let pids = [];
let tick = 0;
/** Peaks while the engine imports (between the '(b)' and '(c)' log lines), apart from the reopen that follows. */
let importing = false;
let importPeakAnon = 0;
let importPeakPss = 0;
/** --mem-trace: [seconds since the import began, anonymous + shared MB of all processes, of the renderer]. */
const memTrace = args.includes('--mem-trace') ? [] : undefined;
let importStartedAt = 0;
let rendererPids = new Set();
/** Latest CPU time of every thread seen during the import. */
const importThreadCpu = new Map();
/**
 * --cpu-trace: each second of the import, [seconds since it began, CPU ms of all Chromium's threads in that second,
 * of its dedicated workers (engine and readers), of the busiest worker]: where the two cores idle.
 */
const cpuTrace = args.includes('--cpu-trace') ? [] : undefined;
let cpuTraceLast;
const sampler = setInterval(() => {
  const pss = tick++ % 8 === 0;
  if (pss) {
    pids = [...new Set(chromiumRoots().flatMap(descendants))];
    rendererPids = new Set(pids.filter((pid) => processType(pid) === 'renderer'));
  }
  let anon = 0;
  let rendererAnon = 0;
  for (const pid of pids) {
    const v = anonOf(pid);
    anon += v;
    if (rendererPids.has(pid)) rendererAnon += v;
  }
  peakAnon = Math.max(peakAnon, anon);
  if (importing) importPeakAnon = Math.max(importPeakAnon, anon);
  // Threads' CPU each second of the import: a thread that ends before it (the reader worker, let go once the files
  // are read) keeps its last reading.
  if (importing && tick % 4 === 0) {
    const now = threadCpu();
    if (cpuTrace && cpuTraceLast) {
      let all = 0;
      let workers = 0;
      let top = 0;
      for (const [k, v] of now) {
        const d = v - (cpuTraceLast.get(k) ?? 0);
        all += d;
        if (k.endsWith(':DedicatedWorker')) {
          workers += d;
          top = Math.max(top, d);
        }
      }
      cpuTrace.push([Math.round((Date.now() - importStartedAt) / 100) / 10, Math.round(all), Math.round(workers), Math.round(top)]);
    }
    cpuTraceLast = now;
    for (const [k, v] of now) importThreadCpu.set(k, v);
  }
  if (importing && memTrace && tick % 2 === 0) memTrace.push([Math.round((Date.now() - importStartedAt) / 100) / 10, Math.round(anon / 1e6), Math.round(rendererAnon / 1e6)]);
  if (!pss) return;
  const byType = {};
  let total = 0;
  for (const pid of pids) {
    const t = processType(pid);
    const v = rssOf([pid]);
    total += v;
    byType[t] = (byType[t] ?? 0) + v;
  }
  peakRss = Math.max(peakRss, total);
  if (importing) importPeakPss = Math.max(importPeakPss, total);
  for (const [t, v] of Object.entries(byType)) peakByType[t] = Math.max(peakByType[t] ?? 0, Math.round(v / 1e6));
}, 250);
try {
  bench: {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => m.type() === 'error' && say(`page error: ${m.text()}`));
  const started = Date.now();
  // --heap: the workers' JS heaps (peaks during the import; live heap and what holds it when the import ends).
  // Build with BENCH_NO_MINIFY=1 for readable function names. It slows the import: read its other figures apart.
  // --cpu-profile DIR: each worker's CPU profile through the import. One DevTools session serves both diagnostics.
  const cpuDir = args.includes('--cpu-profile') ? resolve(args[args.indexOf('--cpu-profile') + 1]) : undefined;
  const workers = args.includes('--heap') || cpuDir ? await attachWorkers(context, page, processType, { heapSampling: args.includes('--heap'), cpuProfile: !!cpuDir }) : undefined;
  const heap = args.includes('--heap') ? workers : undefined;
  const cpu = cpuDir ? workers : undefined;
  let cpuProfiles;
  let heapAtImportEnd;
  const heapSampler = heap && setInterval(() => void heap.sample(importing), 1000);
  // --mem-dumps: Chromium's memory-infra dump of the renderer and the browser every 3 s of the import (by
  // allocator: the workers' V8 heaps, array buffers, malloc...), to tell what the peak is made of.
  const memDumps = args.includes('--mem-dumps') ? [] : undefined;
  const dumpCdp = memDumps && (await context.newCDPSession(page));
  let dumping = false;
  const dumper =
    dumpCdp &&
    setInterval(() => {
      if (!importing || dumping) return;
      dumping = true;
      const t = Math.round((Date.now() - importStartedAt) / 100) / 10;
      dumpMemory(dumpCdp, processType, 8)
        .then((d) => memDumps.push({ t, ...Object.fromEntries(Object.entries(d).map(([k, v]) => [k.split(':')[0], Object.fromEntries(Object.entries(v).filter(([a]) => a.split('/').length <= 2 || a.startsWith('partition_alloc/partitions/')))])) }))
        .catch(() => undefined)
        .finally(() => (dumping = false));
    }, 3000);
  const stream = args.includes('--stream');
  // --cpu-profile keeps the reader worker to the end of the import, where the profiles are taken.
  const mode = `${cpuDir ? '&keepReader' : ''}${args.includes('--heap') ? '&pause' : ''}${args.includes('--keep-case') ? '&keep' : ''}${reopenOnly ? `&reopen=${reopenOnly}` : ''}`;
  await page.goto(`${server.url}index.html?alerts=${alerts}${args.includes('--no-reader') ? '&reader=0' : ''}${args.includes('--parts') ? `&parts=${opt('parts', 2)}` : ''}${stream ? '&input=stream' : ''}${mode}`);
  if (!stream && !reopenOnly) await page.setInputFiles('#input', dataFile);
  let printed = 0;
  let longTasks = [];
  let importCpuFrom;
  let importCpu;
  let result;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const state = await page.evaluate(() => ({ log: window.__benchLog ?? [], result: window.__bench, longTasks: window.__longTasks ?? [] }));
    longTasks = state.longTasks;
    for (const line of state.log.slice(printed)) {
      say(`  ${line}`);
      if (line.startsWith('(b)')) {
        importCpuFrom = threadCpu();
        importing = true;
        importStartedAt = Date.now();
        if (cpu) await cpu.cpuStart();
        tick = 0; // the next sample reads PSS, so a short import has one too
      }
      if (line.startsWith('(c)')) {
        importing = false;
        if (dumper) clearInterval(dumper);
        if (importCpuFrom) importCpu = cpuBetween(importCpuFrom, new Map([...importThreadCpu, ...threadCpu()]));
        if (cpu && cpuDir) cpuProfiles = await cpu.cpuProfiles(cpuDir);
        if (heap) {
          clearInterval(heapSampler);
          const memoryDump = await heap.memoryDump();
          heapAtImportEnd = { memoryDump, ...(await heap.settle()) };
          if (args.includes('--heap-snapshot')) await heap.snapshot(resolve(args[args.indexOf('--heap-snapshot') + 1]));
          await page.evaluate(() => window.__continue());
        }
      }
    }
    printed = state.log.length;
    if (state.result) {
      result = state.result;
      break;
    }
    if (Date.now() - started > 30 * 60_000) throw new Error('bench timed out');
  }
  if (result.error) throw new Error(result.error);
  if (result.reopens) {
    console.log(JSON.stringify({ reopens: result.reopens, peakBrowserPssMB: Math.round(peakRss / 1e6), date: new Date().toISOString() }));
    break bench;
  }
  const out = {
    ...result,
    peakBrowserPssMB: Math.round(peakRss / 1e6),
    peakAnonShmemMB: Math.round(peakAnon / 1e6),
    importPeakPssMB: Math.round(importPeakPss / 1e6),
    importPeakAnonShmemMB: Math.round(importPeakAnon / 1e6),
    importCpuByThreadMs: importCpu,
    peakPssByProcessTypeMB: peakByType,
    mainThreadLongestTaskMs: Math.round(Math.max(0, ...longTasks)),
    ...(heapAtImportEnd ? { heapAtImportEnd } : {}),
    ...(memTrace ? { memTrace } : {}),
    ...(cpuTrace ? { cpuTrace } : {}),
    ...(memDumps ? { memDumps } : {}),
    ...(cpuProfiles ? { cpuProfiles } : {}),
    importVsPerRecord: Math.round((result.importPerSec / result.rawPerRecordPerSec) * 100) / 100,
    importVsChunked: Math.round((result.importPerSec / result.rawChunkedPerSec) * 1000) / 1000,
    chunkedVsPerRecord: Math.round((result.rawChunkedPerSec / result.rawPerRecordPerSec) * 10) / 10,
    chromium: context.browser()?.version() ?? 'unknown',
    date: new Date().toISOString(),
  };
  // Correlation (Node, ground-truth scenario) and the 500-alert case report, in the same run.
  const tsx = (script, extra) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script, ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop());
  if (!args.includes('--skip-correlate')) {
    const c = tsx('bench/correlate.bench.ts', ['--alerts', String(alerts), '--incremental', String(Math.min(10_000, alerts))]);
    Object.assign(out, { correlatePerSec: c.correlatePerSec, correlateMs: c.correlateMs, correlateF1: c.f1, correlateIncrementalMs: c.incrementalMs, correlateIncremental: c.incremental });
    say(`  correlation of ${alerts} scenario alerts: ${c.correlateMs} ms (${c.correlatePerSec}/s), F1 ${c.f1}; +${c.incremental} incremental: ${c.incrementalMs} ms`);
  }
  const rep = tsx('bench/report.bench.ts', ['--alerts', '500']);
  Object.assign(out, { report500Ms: rep.totalMs, report500HtmlMs: rep.modelMs + rep.htmlMs });
  say(`  500-alert case report, every format: ${rep.totalMs} ms (model + HTML ${rep.modelMs + rep.htmlMs} ms)`);
  if (!args.includes('--skip-ui')) out.ui = await uiStage();
  if (asJson) console.log(JSON.stringify(out));
  else {
    console.log(`alerts: ${out.alerts.toLocaleString()} (${(out.bytes / 1e6).toFixed(0)} MB NDJSON)`);
    console.log(`(a) raw one-record-per-alert bulkPut: ${out.rawPerRecordPerSec.toLocaleString()} alerts/s (over ${out.rawPerRecordAlerts.toLocaleString()})`);
    console.log(`(b) raw chunked put:                 ${out.rawChunkedPerSec.toLocaleString()} alerts/s (${out.rawChunkedMBPerSec} MB/s)`);
    console.log(`(c) engine import end to end:        ${out.importPerSec.toLocaleString()} alerts/s (${out.importMs} ms)`);
    console.log(`ratios: import/(a) ${out.importVsPerRecord}x · import/(b) ${out.importVsChunked} · (b)/(a) ${out.chunkedVsPerRecord}x`);
    console.log(`phases: ${Object.entries(out.phases).map(([k, v]) => `${k} ${v} ms`).join(' · ')} · incidents: ${out.incidents.toLocaleString()}`);
    console.log(`queue: filter+sort first rows ${out.queueFilterSortMs} ms · search ${out.queueSearchMs} ms · longest main-thread task during the run: ${out.mainThreadLongestTaskMs} ms`);
    console.log(`HTML case report of the largest incident (${out.reportAlerts} alerts, correlator built first): ${out.reportMs} ms`);
    console.log(`queue first page after import: ${out.queueFirstPageMs} ms · reopen case to usable alert queue: ${out.reopenMs} ms (incident queue: ${out.reopenIncidentsMs} ms; ${Object.entries(out.openPhases).map(([k, v]) => `${k} ${v} ms`).join(' · ')}) · peak Chromium PSS: ${out.peakBrowserPssMB} MB (anonymous + shared, 250 ms samples: ${out.peakAnonShmemMB} MB; during the import: PSS ${out.importPeakPssMB} MB, anonymous + shared ${out.importPeakAnonShmemMB} MB)`);
  }
  }
} finally {
  clearInterval(sampler);
  await context.close();
  await server.close();
  if (!profileArg) rmSync(profile, { recursive: true, force: true });
  rmSync(dataFile, { force: true });
}

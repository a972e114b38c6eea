// Bench page: runs the bench worker with the URL's parameters and exposes the result to the driver.
import type { BenchRequest, BenchResult, ReopenResult } from './protocol';

const params = new URLSearchParams(location.search);
const req: BenchRequest = {
  alerts: Number(params.get('alerts') ?? 10000),
  readerWorker: params.get('reader') !== '0',
  rawPerRecordMax: Number(params.get('rawPerRecordMax') ?? 100000),
  keepCase: params.has('keep'),
  reopenOnly: Number(params.get('reopen') ?? 0),
  pauseAfterImport: params.has('pause'),
  keepReader: params.has('keepReader'),
  parts: Number(params.get('parts') ?? 2),
};
const out = document.getElementById('out') as HTMLElement;
const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
const w = window as unknown as { __bench?: BenchResult | { reopens: ReopenResult[] } | { error: string }; __benchLog?: string[] };
w.__benchLog = [];
(window as unknown as { __continue: () => void }).__continue = () => worker.postMessage({ continue: true });
worker.addEventListener('message', (ev: MessageEvent<{ log?: string; result?: BenchResult | { reopens: ReopenResult[] }; error?: string }>) => {
  if (ev.data.log) {
    w.__benchLog?.push(ev.data.log);
    out.textContent = (w.__benchLog ?? []).join('\n');
  }
  if (ev.data.result) w.__bench = ev.data.result;
  if (ev.data.error) w.__bench = { error: ev.data.error };
});
// Long tasks on the page's main thread while the worker imports (the UI must stay responsive).
const w2 = window as unknown as { __longTasks?: number[] };
w2.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) w2.__longTasks?.push(e.duration);
}).observe({ type: 'longtask', buffered: true });
// The driver picks the input file (Playwright's setInputFiles) unless it asked for the HTTP stream.
if (params.get('input') === 'stream' || req.reopenOnly) worker.postMessage(req);
else {
  const input = document.getElementById('input') as HTMLInputElement;
  input.addEventListener('change', () => worker.postMessage({ ...req, file: input.files?.[0] }), { once: true });
}

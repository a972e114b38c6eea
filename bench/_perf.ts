import { scenarioRecords } from '#shared/scenario/index';
import { lightAlert } from '#shared/scenario/light';
import { toCorrelationAlert } from '#shared/correlate/keys';
import { AlertStore } from '#shared/correlate/store';
import { classifyAll } from '#shared/correlate/batch';
import { noiseRules } from '#shared/correlate/noise';
import { linkAlerts } from '#shared/correlate/link';
import { formGroups } from '#shared/correlate/groups';
import { buildIncident, newScratch } from '#shared/correlate/incidents';
import { normalizeSettings } from '#shared/correlate/settings';
import type { CorrelationAlert } from '#shared/correlate/types';
const N = Number(process.argv[2] ?? 100000);
const t0 = performance.now();
const store = new AlertStore();
let batch: CorrelationAlert[] = []; let pos = 0; let tAdd = 0; let tGen = 0;
let tg = performance.now();
for (const r of scenarioRecords({ seed: 1, campaigns: Math.round(N / 34), noiseRate: 0.3, alertsTarget: N })) {
  batch.push(toCorrelationAlert(lightAlert(r))); ++pos;
  if (batch.length >= 50000) { tGen += performance.now() - tg; const a = performance.now(); store.add(batch); tAdd += performance.now() - a; batch = []; tg = performance.now(); }
}
tGen += performance.now() - tg;
const a = performance.now(); store.add(batch); tAdd += performance.now() - a;
console.log('gen+adapt ms', Math.round(tGen), 'store.add ms', Math.round(tAdd), 'n', store.n, 'K', store.K, 'P', store.p);
const s = normalizeSettings();
let t = performance.now();
const code = classifyAll(store, noiseRules(s)); console.log('classify', Math.round(performance.now() - t)); t = performance.now();
const link = linkAlerts(store, code, s); console.log('link', Math.round(performance.now() - t)); t = performance.now();
const g = formGroups(store, code, link, s); console.log('groups', Math.round(performance.now() - t), g.groups.length); t = performance.now();
const sc = newScratch(store);
const inc = g.groups.map((x, i) => buildIncident(store, code, x, sc, i)); console.log('incidents', Math.round(performance.now() - t), inc.length);
console.log('total', Math.round(performance.now() - t0), 'heap MB', Math.round(process.memoryUsage().heapUsed / 1e6));

// Case report of a 500-alert incident: the report model, HTML, Markdown, STIX, MISP, Navigator and CSV exports.
//   npx tsx bench/report.bench.ts [--alerts 500]
// Alerts are real Graph and Suricata records from the scenario generator, read through the real adapters.
import { ATTACK_SOURCE, makeIncidentId } from '#shared/model/index';
import type { Alert, ImportId, Incident } from '#shared/model/index';
import { graphAdapter } from '#shared/ingest/adapters/graph';
import { suricataAdapter } from '#shared/ingest/adapters/suricata';
import { caseReportModel, extractIocs, iocsToCsv, renderHtmlReport, renderMarkdownReport, toMispEvent, toNavigatorLayer, toStixBundle } from '#shared/report/index';
import { scenarioRecords } from '#shared/scenario/index';

const i = process.argv.indexOf('--alerts');
const n = i >= 0 ? Number(process.argv[i + 1]) : 500;
const alerts: Alert[] = [];
let k = 0;
for (const r of scenarioRecords({ seed: 3, campaigns: 8, noiseRate: 0.1, alertsTarget: n * 2 })) {
  if (alerts.length >= n) break;
  const text = JSON.stringify(r.record);
  const adapter = r.format === 'graph' ? graphAdapter : suricataAdapter;
  const out = adapter.normalize({ position: ++k, value: r.record, text }, { file: 'bench', importId: 'bench' as ImportId, defaultZone: 'UTC' });
  if (out.ok) alerts.push(...out.alerts);
}
const first = Math.min(...alerts.map((a) => a.firstActivity));
const incident: Incident = {
  id: makeIncidentId(alerts[0]?.id ?? 'x'),
  title: 'Benchmark incident',
  severity: 'high',
  status: 'active',
  classification: 'unknown',
  determination: 'unknown',
  assignedTo: '',
  tags: [],
  firstActivity: first,
  lastActivity: Math.max(...alerts.map((a) => a.lastActivity)),
  tactics: [],
  alertIds: alerts.map((a) => a.id),
  impactedAssets: [],
  sources: ['graph', 'suricata'],
  createdAt: first,
  updatedAt: first,
};
const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const v = f();
  return [v, Math.round(performance.now() - t)];
};
const [model, modelMs] = time(() => caseReportModel({ incident, alerts, reasons: [], comments: [], activity: [], tasks: [], analyst: 'bench', generatedAt: Date.now(), attackSource: ATTACK_SOURCE }));
const [html, htmlMs] = time(() => renderHtmlReport(model));
const [, mdMs] = time(() => renderMarkdownReport(model));
const [, stixMs] = time(() => JSON.stringify(toStixBundle(model)));
const [, mispMs] = time(() => JSON.stringify(toMispEvent(model)));
const [, navMs] = time(() => JSON.stringify(toNavigatorLayer(model)));
const [, csvMs] = time(() => iocsToCsv(extractIocs(alerts)));
console.log(JSON.stringify({ alerts: alerts.length, modelMs, htmlMs, htmlBytes: html.length, mdMs, stixMs, mispMs, navMs, csvMs, totalMs: modelMs + htmlMs + mdMs + stixMs + mispMs + navMs + csvMs }));

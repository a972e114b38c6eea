// Self-contained, script-free HTML case report (SECURITY-NOTES X2): strict CSP meta, no links, no external or
// data-built URLs or CSS; every alert-derived string goes through the escaping template. Print-ready (A4).
import { tacticName } from '#shared/model/index';
import { REPORT_CSS } from './html-style';
import { STATUS_LABELS, verdictLabel } from './labels';
import type { Html, HtmlValue } from './html-template';
import { block, html, inline, toString, trusted } from './html-template';
import type { CaseReportModel } from './model';
import { displayTime } from './time-text';

export const REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
/** Rows per table before the report says "N more" (the CSV and JSON exports carry everything). */
export const MAX_ROWS = 1_000;

const time = (ms: number): string => displayTime(ms);

const table = <T>(head: readonly string[], rows: readonly T[], row: (r: T) => HtmlValue[], empty: string): Html => {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  const shown = rows.slice(0, MAX_ROWS);
  return html`<table><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${shown.map(
    (r) => html`<tr>${row(r).map((c) => html`<td>${c}</td>`)}</tr>`,
  )}</tbody></table>${rows.length > shown.length ? html`<p class="more">${rows.length - shown.length} more rows are in the CSV and JSON exports.</p>` : ''}`;
};

const sev = (s: string): Html => html`<span class="sev sev-${trusted(/^[a-z]+$/.test(s) ? s : 'unknown')}">${s}</span>`;
const section = (id: string, title: string, body: Html): Html => html`<section id="${trusted(id)}"><h2>${title}</h2>${body}</section>`;

export const renderHtmlReport = (m: CaseReportModel): string => {
  const maxCount = Math.max(1, ...m.killChain.map((k) => k.count));
  const doc = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(REPORT_CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${inline(`Case report: ${m.title}`, 200)}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<header class="cover">
<p class="kicker">Caseline incident report · <span class="id">${m.incidentId}</span></p>
<h1>${inline(m.title, 500)}</h1>
<dl class="facts">
<div><dt>Severity</dt><dd>${sev(m.severity)}</dd></div>
<div><dt>Status</dt><dd>${STATUS_LABELS[m.status] ?? m.status}</dd></div>
<div><dt>Classification</dt><dd>${verdictLabel(m.classification, m.determination)}</dd></div>
<div><dt>Assigned to</dt><dd>${m.assignedTo || '—'}</dd></div>
<div><dt>Activity</dt><dd>${time(m.firstActivity)} → ${time(m.lastActivity)}</dd></div>
<div><dt>Generated</dt><dd>${time(m.generatedAt)} by ${m.analyst || '—'}</dd></div>
</dl>
${m.tags.length ? html`<p class="tags">${m.tags.map((t) => html`<span class="tag">${inline(t, 100)}</span>`)}</p>` : ''}
</header>
<main>
${section('summary', 'Executive summary', html`${m.summary.map((p) => html`<p>${block(p, 4000)}</p>`)}`)}
${section('scope', 'Scope and sources', table(['Source', 'Product', 'Alerts', 'First activity', 'Last activity'], m.scope, (s) => [s.source, s.product, s.alertCount, time(s.firstActivity), time(s.lastActivity)], 'No alerts.'))}
${section('killchain', 'Kill-chain coverage (MITRE ATT&CK)', html`<ol class="killchain">${m.killChain.map(
  (k) => html`<li class="${trusted(k.count ? 'hit' : 'miss')}" style="${trusted(k.count ? `--level:${(0.25 + (0.75 * k.count) / maxCount).toFixed(2)}` : '')}"><span class="tname">${k.name}</span><span class="tcount">${k.count}</span></li>`,
)}</ol>`)}
${m.graphPng ? section('graph', 'Incident graph', html`<img class="graph" alt="Incident graph" src="${trusted(m.graphPng)}">`) : ''}
${section('timeline', 'Timeline', table(['Time (UTC)', 'Severity', 'Alert', 'Tactics', 'Source', 'Entities'], m.timeline, (r) => [
  time(r.at), sev(r.severity), inline(r.title, 300), r.tactics.map((t) => t.name).join(', '), r.product || r.source,
  html`${r.entities.map((e) => html`<span class="ent">${inline(e, 200)}</span>`)}`,
], 'No alerts.'))}
${section('assets', 'Impacted assets', table(['Type', 'Asset', 'Roles', 'Alerts'], m.assets, (a) => [a.typeLabel, html`<span class="val">${inline(a.value, 500)}</span>`, a.roles.join(', '), a.alertCount], 'No devices or accounts were named.'))}
${section('iocs', 'Indicators of compromise', table(['Type', 'Value', 'First seen', 'Last seen', 'Alerts', 'Note'], m.iocs, (i) => [
  i.type, html`<span class="val">${inline(i.value, 1000)}</span>`, time(i.firstSeen), time(i.lastSeen), i.alertCount, i.isPrivate ? 'private address' : i.verdict ?? '',
], 'No indicators were found.'))}
${section('techniques', 'ATT&CK techniques', table(['Technique', 'Name', 'Tactics', 'Alerts'], m.techniques, (t) => [t.id, t.name, t.tactics.map(tacticName).join(', '), t.alertCount], 'No techniques were reported.'))}
${section('reasons', 'Why these alerts are one incident', m.reasons.length ? html`<ul class="reasons">${m.reasons.slice(0, 200).map((r) => html`<li>${inline(r.text, 600)}</li>`)}</ul>${m.reasons.length > 200 ? html`<p class="more">${m.reasons.length - 200} more reasons.</p>` : ''}` : html`<p class="empty">No correlation reasons recorded.</p>`)}
${section('guidance', 'Take action', html`
<h3>Recommended by the sources</h3>
${m.guidance.remediation.length ? html`<ul class="checklist">${m.guidance.checklist.filter((c) => !c.techniqueId).map((c) => html`<li class="${trusted(c.done ? 'done' : 'todo')}">${block(c.text, 2000)}${c.comment ? html`<div class="note">${block(c.comment, 2000)}</div>` : ''}</li>`)}</ul>` : html`<p class="empty">The sources gave no remediation steps.</p>`}
<h3>ATT&amp;CK mitigations for the techniques seen</h3>
${m.guidance.techniques.length ? m.guidance.techniques.map((t) => html`<h4>${t.techniqueId} ${t.name}</h4><ul class="checklist">${m.guidance.checklist.filter((c) => c.techniqueId === t.techniqueId).map((c) => html`<li class="${trusted(c.done ? 'done' : 'todo')}">${block(c.text, 3000)}${c.comment ? html`<div class="note">${block(c.comment, 2000)}</div>` : ''}</li>`)}</ul>`) : html`<p class="empty">No techniques, so no ATT&amp;CK mitigations.</p>`}`)}
${section('actions', 'Actions taken', table(['Time (UTC)', 'By', 'Action', 'Field', 'From', 'To', 'Detail'], m.actions, (a) => [time(a.at), a.by, a.action, a.field ?? '', inline(a.from ?? '', 300), inline(a.to ?? '', 300), inline(a.detail ?? '', 500)], 'No actions recorded.'))}
${section('tasks', 'Tasks', table(['Task', 'Owner', 'Status', 'Created', 'From'], m.tasks, (t) => [inline(t.title, 500), t.owner, t.status, time(t.createdAt), t.source], 'No tasks.'))}
${section('comments', 'Comments', m.comments.length ? html`${m.comments.slice(0, MAX_ROWS).map((c) => html`<article class="comment"><p class="meta">${c.by} · ${time(c.at)}</p><p class="body">${block(c.text, 30_000)}</p></article>`)}` : html`<p class="empty">No comments.</p>`)}
</main>
<footer>
<p>Generated by Caseline from alert data on ${time(m.generatedAt)}. Alert content is shown as text exactly as the sources wrote it; hidden characters appear as \\u{…} escapes and very long values are cut.</p>
<p>MITRE ATT&amp;CK® data: ${m.attackSource}. © The MITRE Corporation, reproduced with permission.</p>
</footer>
</body>
</html>
`;
  return toString(doc);
};

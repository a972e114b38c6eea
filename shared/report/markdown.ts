// Markdown case report (SECURITY-NOTES X4): every alert-derived string is either backslash-escaped inline text
// (all ASCII punctuation escaped, so no link, image, HTML, emphasis or autolink syntax survives) or sits in a code
// fence longer than any backtick run inside it. No link is ever built from alert data.
import { tacticName } from '#shared/model/index';
import { displayText } from './escape';
import { STATUS_LABELS, verdictLabel } from './labels';
import type { CaseReportModel } from './model';
import { displayTime } from './time-text';

const MAX_ROWS = 1_000;

/** Inline text: one line (hidden characters and line breaks shown as \u{…}), every ASCII punctuation escaped. */
export const escapeMarkdown = (s: string, max = 2_000): string =>
  displayText(s, max).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);

/** A fenced block whose fence is longer than any backtick run in the text (so the text cannot close it). */
export const fenced = (s: string, max = 20_000): string => {
  const text = displayText(s, max, { multiline: true }).replace(/\r\n/g, '\n');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
};

/** Fixed 'YYYY-MM-DD HH:MM:SS UTC' text built here (never alert data), so it needs no escaping. */
const time = (ms: number): string => displayTime(ms, '-');

const table = <T>(head: readonly string[], rows: readonly T[], row: (r: T) => string[], empty: string): string => {
  if (rows.length === 0) return `_${escapeMarkdown(empty)}_`;
  const shown = rows.slice(0, MAX_ROWS);
  const lines = [`| ${head.map((h) => escapeMarkdown(h)).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...shown.map((r) => `| ${row(r).join(' | ')} |`)];
  if (rows.length > shown.length) lines.push('', `_${rows.length - shown.length} more rows are in the CSV and JSON exports\\._`);
  return lines.join('\n');
};

const e = escapeMarkdown;

export const renderMarkdownReport = (m: CaseReportModel): string => {
  const out: string[] = [];
  const h2 = (t: string): void => {
    out.push('', `## ${e(t)}`, '');
  };
  out.push(`# ${e(`Case report: ${m.title}`, 500)}`, '');
  out.push(
    `- **Incident:** ${e(m.incidentId)}`,
    `- **Severity:** ${e(m.severity)}`,
    `- **Status:** ${e(STATUS_LABELS[m.status] ?? m.status)}`,
    `- **Classification:** ${e(verdictLabel(m.classification, m.determination))}`,
    `- **Assigned to:** ${e(m.assignedTo || '-')}`,
    `- **Activity:** ${time(m.firstActivity)} to ${time(m.lastActivity)}`,
    `- **Generated:** ${time(m.generatedAt)} by ${e(m.analyst || '-')}`,
  );
  if (m.tags.length) out.push(`- **Tags:** ${m.tags.map((t) => e(t, 100)).join(', ')}`);

  h2('Executive summary');
  for (const p of m.summary) out.push(e(p, 4_000), '');

  h2('Scope and sources');
  out.push(table(['Source', 'Product', 'Alerts', 'First activity', 'Last activity'], m.scope, (s) => [e(s.source), e(s.product), String(s.alertCount), time(s.firstActivity), time(s.lastActivity)], 'No alerts.'));

  h2('Kill-chain coverage (MITRE ATT&CK)');
  out.push(table(['Tactic', 'Alerts'], m.killChain, (k) => [e(`${k.id} ${k.name}`), k.count ? `**${k.count}**` : '0'], ''));

  h2('Timeline');
  out.push(table(['Time (UTC)', 'Severity', 'Alert', 'Tactics', 'Source'], m.timeline, (r) => [time(r.at), e(r.severity), e(r.title, 300), e(r.tactics.map((t) => t.name).join(', ')), e(r.product || r.source)], 'No alerts.'));

  h2('Impacted assets');
  out.push(table(['Type', 'Asset', 'Roles', 'Alerts'], m.assets, (a) => [e(a.typeLabel), e(a.value, 500), e(a.roles.join(', ')), String(a.alertCount)], 'No devices or accounts were named.'));

  h2('Indicators of compromise');
  out.push(table(['Type', 'Value', 'First seen', 'Last seen', 'Alerts'], m.iocs, (i) => [e(i.type), e(i.value, 1_000), time(i.firstSeen), time(i.lastSeen), String(i.alertCount)], 'No indicators were found.'));

  h2('ATT&CK techniques');
  out.push(table(['Technique', 'Name', 'Tactics', 'Alerts'], m.techniques, (t) => [e(t.id), e(t.name), e(t.tactics.map(tacticName).join(', ')), String(t.alertCount)], 'No techniques were reported.'));

  h2('Why these alerts are one incident');
  if (m.reasons.length === 0) out.push('_No correlation reasons recorded\\._');
  for (const r of m.reasons.slice(0, 200)) out.push(`- ${e(r.text, 600)}`);

  h2('Take action');
  for (const c of m.guidance.checklist) {
    out.push(`- [${c.done ? 'x' : ' '}] ${e(c.text, 3_000)}${c.comment ? ` \\- _${e(c.comment, 2_000)}_` : ''}`);
  }
  if (m.guidance.checklist.length === 0) out.push('_No remediation steps or ATT&CK mitigations\\._');

  h2('Actions taken');
  out.push(table(['Time (UTC)', 'By', 'Action', 'Field', 'From', 'To'], m.actions, (a) => [time(a.at), e(a.by), e(a.action), e(a.field ?? ''), e(a.from ?? '', 300), e(a.to ?? '', 300)], 'No actions recorded.'));

  h2('Tasks');
  out.push(table(['Task', 'Owner', 'Status', 'Created'], m.tasks, (t) => [e(t.title, 500), e(t.owner), e(t.status), time(t.createdAt)], 'No tasks.'));

  h2('Comments');
  if (m.comments.length === 0) out.push('_No comments\\._');
  for (const c of m.comments.slice(0, MAX_ROWS)) out.push(`**${e(c.by)}** · ${time(c.at)}`, '', fenced(c.text, 30_000), '');

  out.push('', '---', '', `_${e(`Generated by Caseline from alert data. MITRE ATT&CK® data: ${m.attackSource}. © The MITRE Corporation, reproduced with permission.`)}_`, '');
  return out.join('\n');
};

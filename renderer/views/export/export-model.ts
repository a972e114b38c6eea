// Pure helpers for the export dialogs: the report formats offered, passphrase checks, case-file reading and
// what a case-open answer means for the dialog. No DOM here (tested in node).
import type { CaseOpenResult, ImportSource, ReportFormat } from '#shared/engine/api';

export type ExportChoice = ReportFormat | 'pdf';

export type FormatInfo = { key: ExportChoice; label: string; group: 'report' | 'iocs'; hint: string };

export const EXPORT_FORMATS: readonly FormatInfo[] = [
  { key: 'html', label: 'HTML report', group: 'report', hint: 'One self-contained file with no scripts; opens in any browser, prints well.' },
  { key: 'pdf', label: 'PDF report', group: 'report', hint: 'The HTML report printed to PDF.' },
  { key: 'md', label: 'Markdown report', group: 'report', hint: 'For a wiki, a ticket or a git repository.' },
  { key: 'json', label: 'Report data (JSON)', group: 'report', hint: 'Everything the report shows, as structured data.' },
  { key: 'csv', label: 'IOCs (CSV)', group: 'iocs', hint: 'Indicators with type, value and where they were seen; cells are safe to open in a spreadsheet.' },
  { key: 'stix', label: 'STIX 2.1 bundle', group: 'iocs', hint: 'Indicators and observed data for a threat-intelligence platform.' },
  { key: 'misp', label: 'MISP event (JSON)', group: 'iocs', hint: 'One MISP event with attributes, for import into MISP.' },
  { key: 'navigator', label: 'ATT&CK Navigator layer', group: 'iocs', hint: 'The techniques seen, scored, for the MITRE ATT&CK Navigator.' },
  { key: 'timeline', label: 'Timeline CSV (Timesketch)', group: 'iocs', hint: 'One row per alert with message, datetime and timestamp_desc columns.' },
];

export const formatInfo = (k: ExportChoice): FormatInfo => EXPORT_FORMATS.find((f) => f.key === k) ?? (EXPORT_FORMATS[0]);

/** The PDF file name for a report the engine named `….html`. */
export const pdfName = (htmlName: string): string => (htmlName.toLowerCase().endsWith('.html') ? `${htmlName.slice(0, -5)}.pdf` : `${htmlName}.pdf`);

export const MIN_PASSPHRASE = 8;

/** Why the passphrase fields cannot be used yet, or undefined when they can (empty means no encryption). */
export const passphraseProblem = (encrypt: boolean, a: string, b: string): string | undefined => {
  if (!encrypt) return undefined;
  if (a.length < MIN_PASSPHRASE) return `Use at least ${MIN_PASSPHRASE} characters; a long phrase is best.`;
  if (a !== b) return 'The two passphrases differ.';
  return undefined;
};

/** Read a chosen file whole (a Blob from the web, a byte stream from Electron), refusing more than `max` bytes. */
export const readSourceBytes = async (source: ImportSource, max: number): Promise<Uint8Array> => {
  if (source.size !== undefined && source.size > max) throw new Error(`The file is larger than ${Math.round(max / 1024 / 1024)} MB.`);
  if (source.blob) {
    if (source.blob.size > max) throw new Error(`The file is larger than ${Math.round(max / 1024 / 1024)} MB.`);
    return new Uint8Array(await source.blob.arrayBuffer());
  }
  if (!source.stream) throw new Error('The file could not be read.');
  const reader = source.stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new Error(`The file is larger than ${Math.round(max / 1024 / 1024)} MB.`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};

export type OpenOutcome =
  | { step: 'passphrase'; message: string }
  | { step: 'failed'; code: string; message: string }
  | { step: 'done'; mode: 'replace' | 'merge'; lines: string[] };

const LABEL: Readonly<Record<string, [string, string]>> = {
  alerts: ['alert', 'alerts'],
  incidents: ['incident', 'incidents'],
  reasons: ['correlation reason', 'correlation reasons'],
  comments: ['comment', 'comments'],
  activity: ['activity entry', 'activity entries'],
  tasks: ['task', 'tasks'],
  triage: ['triage decision', 'triage decisions'],
  suppressionRules: ['suppression rule', 'suppression rules'],
  automationRules: ['automation rule', 'automation rules'],
  playbooks: ['playbook', 'playbooks'],
};
const counted = (key: string, n: number): string => {
  const l = Object.prototype.hasOwnProperty.call(LABEL, key) ? LABEL[key] : undefined;
  return `${n.toLocaleString('en-US')} ${l ? l[n === 1 ? 0 : 1] : key}`;
};

/** What the dialog does with the engine's answer: ask for a passphrase, show the failure, or show what happened. */
export const openOutcome = (r: CaseOpenResult): OpenOutcome => {
  if (!r.ok) {
    if (r.code === 'PASSPHRASE_REQUIRED') return { step: 'passphrase', message: 'This case file is encrypted. Enter its passphrase.' };
    if (r.code === 'WRONG_PASSPHRASE') return { step: 'passphrase', message: 'That passphrase is wrong. Try again.' };
    return { step: 'failed', code: r.code, message: r.message };
  }
  const counts = Object.entries(r.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => counted(k, n));
  // The engine's merge lines are `key: n`; the known keys are said in words, the rest shown as they come.
  const report = r.report.flatMap((line) => {
    const m = /^(conflicts|overlaps): (\d+)$/.exec(line);
    if (!m) return [line];
    if (m[1] === 'overlaps' && Number(m[2]) > 0) return [`${m[2]} pair${m[2] === '1' ? '' : 's'} of incidents now share alerts: open them and merge where they are the same attack.`];
    return [];
  });
  const lines = [r.mode === 'replace' ? 'This case was replaced by the case file.' : 'The case file was merged into this case; nothing either side did was dropped.', ...(counts.length ? [`The file held ${counts.join(', ')}.`] : []), ...report];
  if (r.mode === 'merge') {
    lines.push(
      r.conflicts === 0
        ? 'No field was changed differently on the two sides.'
        : `${r.conflicts.toLocaleString('en-US')} field${r.conflicts === 1 ? ' was' : 's were'} changed differently on the two sides: the later change was kept, and the other value is recorded in the activity log (by “Caseline merge”).`,
    );
  }
  return { step: 'done', mode: r.mode, lines };
};

/** Largest case file the dialog reads into memory. */
export const MAX_CASE_BYTES = 1024 * 1024 * 1024;

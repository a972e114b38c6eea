// `caseline`: the engine from the command line (import, and later correlate and report).
import { closeSync, openAsBlob, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { FileImportSummary, ImportProgress, ImportSource, ImportSummary, ReportFormat } from '#shared/engine/api';
import { isValidZone } from '#shared/ingest/time';
import { tacticName } from '#shared/model/index';
import type { Engine } from '#shared/engine/engine';
import { parseDuration } from './duration';
import { htmlToPdf } from './pdf';
import { parseArgs, UsageError } from './args';
import { createNodeEngine } from './node-engine';

export const HELP = `caseline — offline security incident investigation

Usage:
  caseline import <files…> [--format NAME] [--tz ZONE] [--json]
      Read alert exports and print a summary per file.
  caseline correlate <files…> [--window DURATION] [--format NAME] [--tz ZONE] [--json]
      Import and correlate alerts into incidents, then print the incidents with why each alert joined.
  caseline report <files… | case.caseline> (--incident ID | --all) --format FORMAT -o PATH
      Write a case report or export: html, md, pdf, json, stix, misp, navigator, csv (IOCs), timeline (Timesketch CSV).
  caseline export-case <files…> -o PATH [--passphrase-env VAR]
      Import and correlate alert exports and write them as a portable .caseline case file.
  caseline formats
      List the source formats Caseline reads.
  caseline --help | --version

Options:
  --format NAME   force a source format instead of auto-detection (see 'caseline formats')
  --tz ZONE       time zone for timestamps without an offset (IANA name, default UTC)
  --window D      correlation time window (e.g. 30m, 4h, 2d, PT5M; default 4h)
  --incident ID   the incident to report on (see 'caseline correlate'); --all for every open incident
  -o, --output P  where to write the report or case file
  --passphrase-env VAR  read a case file passphrase from this environment variable (never from the command line)
  --json          print machine-readable JSON
  --quiet         no progress on stderr

Exit codes: 0 everything was read; 1 some records were rejected; 2 unusable input or bad arguments.
`;

export type CliIo = { out: (s: string) => void; err: (s: string) => void };

const VALUED = new Set(['format', 'tz', 'window', 'incident', 'output', 'o', 'passphrase-env']);
const REPORT_FORMATS = ['html', 'md', 'pdf', 'json', 'stix', 'misp', 'navigator', 'csv', 'timeline'] as const;

export const sourcesFromPaths = async (paths: readonly string[]): Promise<ImportSource[]> => {
  const sources: ImportSource[] = [];
  for (const p of paths) {
    let size: number;
    try {
      const st = statSync(p);
      if (!st.isFile()) throw new UsageError(`${p}: not a file`);
      size = st.size;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    sources.push({ name: basename(p), size, blob: await openAsBlob(p) });
  }
  return sources;
};

/** The stable JSON shape of `import --json`. */
export const importJson = (s: ImportSummary): { files: { file: string; format: string; records: number; accepted: number; duplicates: number; rejected: { record: number; field: string; reason: string }[]; error?: string }[] } => ({
  files: s.files.map((f) => ({
    file: f.file,
    format: f.format,
    records: f.records,
    accepted: f.accepted,
    duplicates: f.duplicates,
    rejected: f.rejected.map((r) => ({ record: r.record, field: r.field, reason: r.reason })),
    ...(f.error ? { error: f.error } : {}),
  })),
});

export type IncidentJson = {
  id: string;
  title: string;
  severity: string;
  status: string;
  tactics: string[];
  firstActivity: string;
  lastActivity: string;
  alertIds: string[];
  sourceAlertIds: string[];
  entities: { key: string; type: string; value: string; roles: string[]; alerts: number; noise?: string }[];
  reasons: { alertId: string; kind: string; otherAlertId?: string; entity?: string; gapMs?: number; tacticStep?: [string, string]; text: string }[];
};

/** Every open incident, biggest first, in the stable shape of `correlate --json`. */
export const correlationReport = async (engine: Engine): Promise<IncidentJson[]> => {
  const rows = (await engine['incidents/query']({ offset: 0, limit: 1_000_000, sort: { field: 'alerts', dir: 'desc' } })).rows;
  const out: IncidentJson[] = [];
  for (const row of rows) {
    const d = await engine['incidents/get']({ id: row.id });
    if (!d) continue;
    const sourceIds = new Map<string, string>();
    for (const id of d.incident.alertIds) sourceIds.set(id, (await engine['alerts/get']({ id }))?.sourceAlertId ?? '');
    out.push({
      id: d.incident.id,
      title: d.incident.customTitle ?? d.incident.title,
      severity: d.incident.severity,
      status: d.incident.status,
      tactics: d.incident.tactics,
      firstActivity: new Date(d.incident.firstActivity).toISOString(),
      lastActivity: new Date(d.incident.lastActivity).toISOString(),
      alertIds: d.incident.alertIds,
      sourceAlertIds: d.incident.alertIds.map((id) => sourceIds.get(id) ?? ''),
      entities: d.entities.map((e) => ({ key: e.key, type: e.type, value: e.value, roles: e.roles, alerts: e.alertIds.length, ...(e.noise ? { noise: e.noise } : {}) })),
      reasons: d.reasons.map((r) => ({
        alertId: r.alertId,
        kind: r.kind,
        ...(r.otherAlertId ? { otherAlertId: r.otherAlertId } : {}),
        ...(r.entityKey ? { entity: r.entityKey } : {}),
        ...(r.gapMs !== undefined ? { gapMs: r.gapMs } : {}),
        ...(r.tacticStep ? { tacticStep: r.tacticStep } : {}),
        text: r.text,
      })),
    });
  }
  return out;
};

const incidentText = (i: IncidentJson): string => {
  const lines = [`${i.id}  [${i.severity}] ${i.title}`, `  ${i.alertIds.length} alerts, ${i.firstActivity} → ${i.lastActivity}; tactics: ${i.tactics.map(tacticName).join(' → ') || 'none'}`];
  const assets = i.entities.filter((e) => !e.noise).slice(0, 6).map((e) => `${e.type} ${e.value}`);
  if (assets.length) lines.push(`  entities: ${assets.join(', ')}${i.entities.length > 6 ? ` (+${i.entities.length - 6})` : ''}`);
  for (const r of i.reasons.filter((x) => x.otherAlertId).slice(0, 3)) lines.push(`  why: ${r.text}`);
  return `${lines.join('\n')}\n`;
};

const fileLine = (f: FileImportSummary): string => {
  const rejected = f.rejected.filter((r) => r.record > 0).length;
  const head = `${f.file}: ${f.format} (${Math.round(f.confidence * 100)}%), ${f.records} records, ${f.accepted} accepted, ${f.duplicates} duplicates, ${rejected} rejected`;
  const lines = [head];
  if (f.error) lines.push(`  error: ${f.error}`);
  for (const r of f.rejected.slice(0, 20)) lines.push(`  ${r.record > 0 ? `record ${r.record}` : 'file'}${r.field ? ` field ${r.field}` : ''}: ${r.reason}`);
  if (f.rejected.length > 20) lines.push(`  … ${f.rejected.length - 20} more (use --json for all)`);
  return lines.join('\n');
};

const isCaseFile = (path: string): boolean => {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(8);
    readSync(fd, head, 0, 8, 0);
    return head.toString('latin1') === 'CASELINE';
  } finally {
    closeSync(fd);
  }
};

/** A case file opens as the case; alert exports are imported and correlated. Returns the import summary, if any. */
const loadCase = async (engine: Engine, paths: readonly string[], zone: string, passphrase: string | undefined): Promise<ImportSummary | undefined> => {
  for (const p of paths) {
    try {
      statSync(p);
    } catch {
      throw new UsageError(`${p}: cannot read`);
    }
  }
  const cases = paths.filter(isCaseFile);
  if (cases.length > 0) {
    if (cases.length !== paths.length) throw new UsageError('give either one case file or alert exports, not both');
    for (const [i, p] of cases.entries()) {
      const r = await engine['case/open']({ bytes: new Uint8Array(readFileSync(p)), mode: i === 0 ? 'replace' : 'merge', ...(passphrase ? { passphrase } : {}) });
      if (!r.ok) throw new UsageError(`${p}: ${r.code}: ${r.message}`);
    }
    return undefined;
  }
  return engine['import/run']({ sources: await sourcesFromPaths(paths), options: { zone } });
};

export const exitCodeFor = (s: ImportSummary): number => {
  if (s.files.length === 0 || s.files.some((f) => f.error)) return 2;
  return s.files.some((f) => f.rejected.length > 0) ? 1 : 0;
};

export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  try {
    const { positional, flags } = parseArgs(argv, VALUED);
    const [command, ...rest] = positional;
    if (flags.has('version')) {
      io.out('caseline 0.1.0\n');
      return 0;
    }
    if (flags.has('help') || !command || command === 'help') {
      io.out(HELP);
      return command || flags.has('help') ? 0 : 2;
    }
    const zone = typeof flags.get('tz') === 'string' ? (flags.get('tz') as string) : 'UTC';
    if (!isValidZone(zone)) throw new UsageError(`--tz: unknown time zone "${zone}"`);
    // Progress on stderr: a live line on a terminal, a line every 5 s otherwise (--json keeps stdout clean).
    let lastProgress = 0;
    const engine = await createNodeEngine((name, payload) => {
      if (name !== 'import/progress' || flags.has('quiet')) return;
      const p = payload as ImportProgress;
      const now = Date.now();
      const tty = !!process.stderr.isTTY;
      if (!tty && now - lastProgress < 5000) return;
      lastProgress = now;
      const pct = p.bytesTotal ? ` ${Math.min(100, Math.round((100 * p.bytesRead) / p.bytesTotal))}%` : '';
      const eta = p.etaMs ? `, ${Math.ceil(p.etaMs / 1000)} s left` : '';
      const line = `${p.file}:${pct} ${p.records.toLocaleString('en-US')} records, ${p.recordsPerSec.toLocaleString('en-US')}/s${eta}`;
      io.err(tty ? `\r${line.padEnd(100)}${p.etaMs === 0 ? '\n' : ''}` : `${line}\n`);
    });
    try {
      if (command === 'formats') {
        for (const f of await engine['formats/list'](undefined)) io.out(`${f.name.padEnd(20)} ${f.label}\n`);
        return 0;
      }
      if (command === 'import') {
        if (rest.length === 0) throw new UsageError('import: name at least one file');
        const format = flags.get('format');
        if (format !== undefined && (typeof format !== 'string' || !(await engine['formats/list'](undefined)).some((f) => f.name === format))) {
          throw new UsageError(`--format: unknown format "${String(format)}" (see 'caseline formats')`);
        }
        const summary = await engine['import/run']({ sources: await sourcesFromPaths(rest), options: { zone, ...(typeof format === 'string' ? { format } : {}) } });
        if (flags.has('json')) io.out(`${JSON.stringify(importJson(summary), null, 2)}\n`);
        else io.out(`${summary.files.map(fileLine).join('\n')}\n`);
        return exitCodeFor(summary);
      }
      if (command === 'correlate') {
        if (rest.length === 0) throw new UsageError('correlate: name at least one file');
        const win = flags.get('window');
        if (win !== undefined) {
          const ms = typeof win === 'string' ? parseDuration(win) : undefined;
          if (ms === undefined || ms <= 0) throw new UsageError(`--window: not a duration: "${String(win)}" (try 30m, 4h, 2d or PT5M)`);
          await engine['correlation/apply']({ settings: { windowMs: ms } });
        }
        const format = flags.get('format');
        const summary = await engine['import/run']({ sources: await sourcesFromPaths(rest), options: { zone, ...(typeof format === 'string' ? { format } : {}) } });
        const report = await correlationReport(engine);
        const rejected = summary.files.flatMap((f) => [...(f.error ? [{ file: f.file, record: 0, field: '', reason: f.error }] : []), ...f.rejected]);
        if (flags.has('json')) {
          io.out(`${JSON.stringify({ incidents: report, alerts: summary.files.reduce((n, f) => n + f.accepted + f.duplicates, 0), rejected }, null, 2)}\n`);
        } else {
          io.out(`${summary.files.map(fileLine).join('\n')}\n\n`);
          io.out(report.map(incidentText).join('\n'));
        }
        return exitCodeFor(summary);
      }
      if (command === 'report' || command === 'export-case') {
        if (rest.length === 0) throw new UsageError(`${command}: name at least one file`);
        const output = flags.get('output');
        if (typeof output !== 'string') throw new UsageError(`${command}: -o PATH is required`);
        const envName = flags.get('passphrase-env');
        const passphrase = typeof envName === 'string' ? process.env[envName] : undefined;
        if (typeof envName === 'string' && !passphrase) throw new UsageError(`--passphrase-env: $${envName} is empty`);
        const summary = await loadCase(engine, rest, zone, passphrase);
        if (command === 'export-case') {
          const file = await engine['case/export'](passphrase ? { passphrase } : {});
          writeFileSync(output, file.bytes);
          io.out(`${output}: case file with ${(await engine['case/stats'](undefined)).alerts} alerts${passphrase ? ' (encrypted)' : ''}\n`);
          return summary ? exitCodeFor(summary) : 0;
        }
        const format = flags.get('format');
        if (typeof format !== 'string' || !(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: one of ${REPORT_FORMATS.join(', ')}`);
        const incident = flags.has('all') ? 'all' : flags.get('incident');
        if (typeof incident !== 'string') throw new UsageError('report: --incident ID or --all');
        if (incident !== 'all' && !(await engine['incidents/get']({ id: incident }))) throw new UsageError(`--incident: no incident ${incident} (run 'caseline correlate' on the same files to list them)`);
        if (format === 'pdf') {
          const html = await engine['report/build']({ incidentId: incident, format: 'html' });
          writeFileSync(output, await htmlToPdf(html.text));
        } else {
          writeFileSync(output, (await engine['report/build']({ incidentId: incident, format: format as ReportFormat })).text);
        }
        io.out(`${output}: ${format} report of ${incident === 'all' ? 'all open incidents' : incident}\n`);
        return summary ? exitCodeFor(summary) : 0;
      }
      throw new UsageError(`unknown command "${command}"`);
    } finally {
      engine.close();
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`caseline: ${e.message}\nRun 'caseline --help' for usage.\n`);
      return 2;
    }
    io.err(`caseline: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
};

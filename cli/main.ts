// `caseline`: the engine from the command line (import, and later correlate and report).
import { openAsBlob, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { FileImportSummary, ImportSource, ImportSummary } from '#shared/engine/api';
import { isValidZone } from '#shared/ingest/time';
import { tacticName } from '#shared/model/index';
import type { Engine } from '#shared/engine/engine';
import { parseDuration } from './duration';
import { parseArgs, UsageError } from './args';
import { createNodeEngine } from './node-engine';

export const HELP = `caseline — offline security incident investigation

Usage:
  caseline import <files…> [--format NAME] [--tz ZONE] [--json]
      Read alert exports and print a summary per file.
  caseline correlate <files…> [--window DURATION] [--format NAME] [--tz ZONE] [--json]
      Import and correlate alerts into incidents, then print the incidents with why each alert joined.
  caseline formats
      List the source formats Caseline reads.
  caseline --help | --version

Options:
  --format NAME   force a source format instead of auto-detection (see 'caseline formats')
  --tz ZONE       time zone for timestamps without an offset (IANA name, default UTC)
  --window D      correlation time window (e.g. 30m, 4h, 2d, PT5M; default 4h)
  --json          print machine-readable JSON

Exit codes: 0 everything was read; 1 some records were rejected; 2 unusable input or bad arguments.
`;

export type CliIo = { out: (s: string) => void; err: (s: string) => void };

const VALUED = new Set(['format', 'tz', 'window', 'incident', 'output', 'o']);

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
    const engine = await createNodeEngine();
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

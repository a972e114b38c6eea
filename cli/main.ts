// `caseline`: the engine from the command line (import, and later correlate and report).
import { openAsBlob, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { FileImportSummary, ImportSource, ImportSummary } from '#shared/engine/api';
import { isValidZone } from '#shared/ingest/time';
import { parseArgs, UsageError } from './args';
import { createNodeEngine } from './node-engine';

export const HELP = `caseline — offline security incident investigation

Usage:
  caseline import <files…> [--format NAME] [--tz ZONE] [--json]
      Read alert exports and print a summary per file.
  caseline formats
      List the source formats Caseline reads.
  caseline --help | --version

Options:
  --format NAME   force a source format instead of auto-detection (see 'caseline formats')
  --tz ZONE       time zone for timestamps without an offset (IANA name, default UTC)
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

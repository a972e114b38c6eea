/** Minimal argv parsing: positional arguments, `--flag`, `--key value` and `--key=value`. */
export type ParsedArgs = { positional: string[]; flags: Map<string, string | true> };

export const parseArgs = (argv: readonly string[], valued: ReadonlySet<string>): ParsedArgs => {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) flags.set(key, a.slice(eq + 1));
      else if (valued.has(key)) {
        const v = argv[i + 1];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`--${key} needs a value`);
        flags.set(key, v);
        i++;
      } else flags.set(key, true);
    } else if (a.startsWith('-') && a.length > 1) {
      const key = a === '-o' ? 'output' : a === '-h' ? 'help' : a.slice(1);
      if (valued.has(key)) {
        const v = argv[i + 1];
        if (v === undefined) throw new UsageError(`${a} needs a value`);
        flags.set(key, v);
        i++;
      } else flags.set(key, true);
    } else positional.push(a);
  }
  return { positional, flags };
};

export class UsageError extends Error {
  override name = 'UsageError';
}

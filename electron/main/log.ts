// A tiny logger for the main process (instead of console). One line per event on stderr:
// `<iso time> <level> [<scope>] <message> <json fields>`. Never log case data (alert content, file bytes); file
// names and error codes are fine.

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;
export type Logger = {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
};
export type LogSink = (line: string) => void;

const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

let defaultSink: LogSink = stderrSink;

/** Redirect every logger created without its own sink (tests silence or capture the log with this). */
export function setLogSink(sink: LogSink | null): void {
  defaultSink = sink ?? stderrSink;
}

export function formatLogLine(level: LogLevel, scope: string, message: string, fields: LogFields | undefined, now: Date): string {
  const suffix = fields === undefined ? '' : ` ${JSON.stringify(fields)}`;
  return `${now.toISOString()} ${level} [${scope}] ${message}${suffix}`;
}

export function createLogger(scope: string, sink?: LogSink): Logger {
  const write = (level: LogLevel) => (message: string, fields?: LogFields) => {
    (sink ?? defaultSink)(formatLogLine(level, scope, message, fields, new Date()));
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/** A short description of a caught value for the log: name, code and a capped message, never an object dump. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    const head = typeof code === 'string' ? `${error.name} ${code}` : error.name;
    return `${head}: ${error.message.slice(0, 300)}`;
  }
  return `non-error ${typeof error}`;
}

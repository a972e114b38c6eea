import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, describeError, formatLogLine, setLogSink } from './log';

afterEach(() => setLogSink(null));

describe('logger', () => {
  it('formats one line with time, level, scope, message and fields', () => {
    expect(formatLogLine('warn', 'ipc', 'refused', { channel: 'caseline:x', n: 1 }, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('2026-01-02T03:04:05.000Z warn [ipc] refused {"channel":"caseline:x","n":1}');
    expect(formatLogLine('info', 'main', 'ready', undefined, new Date(0))).toBe('1970-01-01T00:00:00.000Z info [main] ready');
  });

  it('writes to its own sink, or to the default sink set later', () => {
    const own: string[] = [];
    createLogger('a', (line) => own.push(line)).error('boom');
    expect(own[0]).toMatch(/ error \[a\] boom$/);
    const shared: string[] = [];
    const log = createLogger('b');
    setLogSink((line) => shared.push(line));
    log.info('hello');
    expect(shared[0]).toMatch(/ info \[b\] hello$/);
  });

  it('describes errors briefly and never dumps objects', () => {
    expect(describeError(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBe('Error ENOENT: no such file');
    expect(describeError(new TypeError('x'.repeat(1000))).length).toBeLessThan(320);
    expect(describeError({ secret: 'alert data' })).toBe('non-error object');
    expect(describeError('str')).toBe('non-error string');
  });
});

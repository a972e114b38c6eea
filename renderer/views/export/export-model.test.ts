import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EXPORT_FORMATS, MIN_PASSPHRASE, formatInfo, openOutcome, passphraseProblem, pdfName, readSourceBytes } from './export-model';

describe('export model', () => {
  it('offers every engine format once, plus PDF', () => {
    const keys = EXPORT_FORMATS.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(['csv', 'html', 'json', 'md', 'misp', 'navigator', 'pdf', 'stix', 'timeline']);
    expect(formatInfo('stix').label).toBe('STIX 2.1 bundle');
    expect(pdfName('caseline-in-1.html')).toBe('caseline-in-1.pdf');
    expect(pdfName('report')).toBe('report.pdf');
  });

  it('asks for a long enough passphrase typed twice the same, only when encrypting', () => {
    expect(passphraseProblem(false, '', 'x')).toBeUndefined();
    expect(passphraseProblem(true, 'short', 'short')).toMatch(/at least/);
    expect(passphraseProblem(true, 'correct horse', 'correct hose')).toMatch(/differ/);
    expect(passphraseProblem(true, 'correct horse', 'correct horse')).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const p = passphraseProblem(true, a, b);
        expect(p === undefined).toBe(a === b && a.length >= MIN_PASSPHRASE);
      }),
    );
  });

  it('reads a blob or a stream whole, and refuses files over the cap', async () => {
    const bytes = new Uint8Array(10_000).map((_, i) => i % 251);
    expect(await readSourceBytes({ name: 'a', blob: new Blob([bytes]) }, 1e6)).toEqual(bytes);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 3000) c.enqueue(bytes.slice(i, i + 3000));
        c.close();
      },
    });
    expect(await readSourceBytes({ name: 'a', stream }, 1e6)).toEqual(bytes);
    const big = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(600));
        c.enqueue(new Uint8Array(600));
        c.close();
      },
    });
    await expect(readSourceBytes({ name: 'a', stream: big }, 1000)).rejects.toThrow(/larger/);
    await expect(readSourceBytes({ name: 'a', size: 5000, blob: new Blob([bytes]) }, 1000)).rejects.toThrow(/larger/);
    await expect(readSourceBytes({ name: 'a' }, 1000)).rejects.toThrow(/could not be read/);
  });

  it('turns the engine answer into the next step of the dialog', () => {
    expect(openOutcome({ ok: false, code: 'PASSPHRASE_REQUIRED', message: 'x' })).toEqual({ step: 'passphrase', message: 'This case file is encrypted. Enter its passphrase.' });
    expect(openOutcome({ ok: false, code: 'WRONG_PASSPHRASE', message: 'x' }).step).toBe('passphrase');
    expect(openOutcome({ ok: false, code: 'TAMPERED', message: 'The case data does not match its checksum.' })).toEqual({ step: 'failed', code: 'TAMPERED', message: 'The case data does not match its checksum.' });
    const merged = openOutcome({ ok: true, mode: 'merge', counts: { alerts: 207, incidents: 3, tasks: 0, comments: 1, constructor: 2 }, conflicts: 2, report: ['conflicts: 2', 'overlaps: 1', 'something else: 4'] });
    expect(merged.step).toBe('done');
    if (merged.step !== 'done') return;
    expect(merged.lines).toEqual([
      'The case file was merged into this case; nothing either side did was dropped.',
      'The file held 207 alerts, 3 incidents, 1 comment, 2 constructor.',
      '1 pair of incidents now share alerts: open them and merge where they are the same attack.',
      'something else: 4',
      '2 fields were changed differently on the two sides: the later change was kept, and the other value is recorded in the activity log (by “Caseline merge”).',
    ]);
    const replaced = openOutcome({ ok: true, mode: 'replace', counts: {}, conflicts: 0, report: ['Opened a case exported by bob'] });
    expect(replaced).toEqual({ step: 'done', mode: 'replace', lines: ['This case was replaced by the case file.', 'Opened a case exported by bob'] });
  });
});

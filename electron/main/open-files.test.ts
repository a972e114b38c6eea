import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChosenFile } from '#shared/contracts/main-api';
import { argvSkip, caseFilePathsFromArgv, createOpenCaseQueue, isCaseFilePath } from './open-files';

describe('caseFilePathsFromArgv', () => {
  it('takes .caseline files after the executable, resolved against the working directory', () => {
    expect(caseFilePathsFromArgv(['/opt/Caseline/caseline', 'cases/a.caseline', '/abs/B.CASELINE', 'notes.txt'], argvSkip(false), '/home/analyst', path.posix)).toEqual(['/home/analyst/cases/a.caseline', '/abs/B.CASELINE']);
  });

  it('skips the app path in dev (electron .) and ignores flags, including Chromium switches', () => {
    const argv = ['/usr/bin/electron', '.', '--allow-file-access-from-files', '--inspect=9229', '-x.caseline', '--original-process-start-time=1', 'a.caseline'];
    expect(caseFilePathsFromArgv(argv, argvSkip(true), '/w', path.posix)).toEqual(['/w/a.caseline']);
    expect(argvSkip(true)).toBe(2);
    expect(argvSkip(false)).toBe(1);
  });

  it('refuses UNC paths (they would authenticate to a remote host) and NUL', () => {
    const argv = ['C:\\Caseline\\Caseline.exe', '\\\\attacker\\share\\case.caseline', '//attacker/share/case.caseline', '\\\\?\\UNC\\attacker\\s\\x.caseline', 'a\u0000.caseline', 'D:\\cases\\ok.caseline'];
    expect(caseFilePathsFromArgv(argv, 1, 'C:\\Users\\a', path.win32)).toEqual(['D:\\cases\\ok.caseline']);
  });

  it('recognises the extension only as a suffix', () => {
    expect(isCaseFilePath('x.caseline')).toBe(true);
    expect(isCaseFilePath('X.CaseLine')).toBe(true);
    expect(isCaseFilePath('.caseline')).toBe(false);
    expect(isCaseFilePath('x.caseline.exe')).toBe(false);
  });

  it('property: returns only absolute .caseline paths and never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.string().map((s) => `${s}.caseline`)), { maxLength: 8 }), (argv) => {
        for (const result of caseFilePathsFromArgv(argv, 1, '/cwd', path.posix)) {
          expect(path.posix.isAbsolute(result)).toBe(true);
          expect(result.toLowerCase().endsWith('.caseline')).toBe(true);
        }
      }),
    );
  });
});

const file = (n: number): ChosenFile => ({ token: `t${n}`, name: `c${n}.caseline`, size: n });

describe('open-case queue', () => {
  it('holds files until a renderer attaches, then delivers in order and directly afterwards', () => {
    const queue = createOpenCaseQueue();
    queue.push(file(1));
    queue.push(file(2));
    const got: ChosenFile[] = [];
    queue.attach(7, (f) => got.push(f));
    expect(got).toEqual([file(1), file(2)]);
    queue.push(file(3));
    expect(got).toEqual([file(1), file(2), file(3)]);
    expect(queue.pending).toBe(0);
  });

  it('holds again after the renderer detaches (reload), and ignores a stale detach', () => {
    const queue = createOpenCaseQueue();
    const first: ChosenFile[] = [];
    const second: ChosenFile[] = [];
    queue.attach(1, (f) => first.push(f));
    queue.attach(2, (f) => second.push(f));
    queue.detach(1);
    queue.push(file(1));
    expect(second).toEqual([file(1)]);
    queue.detach(2);
    queue.push(file(2));
    expect(queue.pending).toBe(1);
    expect(first).toEqual([]);
  });

  it('drops files beyond its cap while nobody listens', () => {
    const queue = createOpenCaseQueue(2);
    for (let i = 0; i < 5; i += 1) queue.push(file(i));
    expect(queue.pending).toBe(2);
  });
});

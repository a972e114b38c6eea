import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { MainFailure } from './errors';
import { CASE_DIALOG_OPTIONS, createFileRegistry, createFileService, IMPORT_DIALOG_OPTIONS } from './files';
import type { DialogPort } from './files';
import { setLogSink } from './log';

// The refusals below are logged by design; keep the test output readable.
beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

let dir: string;
const sample = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'caseline-files-'));
  writeFileSync(path.join(dir, 'alerts.ndjson'), sample);
  writeFileSync(path.join(dir, 'empty.json'), '');
  writeFileSync(path.join(dir, 'case.caseline'), 'CASE');
  mkdirSync(path.join(dir, 'folder'));
  mkdirSync(path.join(dir, 'out'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeDialog(open: string[] | null, save: string | null = null) {
  const calls: { open: OpenDialogOptions[]; save: SaveDialogOptions[] } = { open: [], save: [] };
  const dialog: DialogPort = {
    showOpenDialog: (_window, options) => {
      calls.open.push(options);
      return Promise.resolve(open === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: open });
    },
    showSaveDialog: (_window, options) => {
      calls.save.push(options);
      return Promise.resolve(save === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: save });
    },
  };
  return { dialog, calls };
}

function service(open: string[] | null, save: string | null = null) {
  const { dialog, calls } = fakeDialog(open, save);
  const registry = createFileRegistry();
  return { files: createFileService({ dialog, registry, defaultSaveDir: () => path.join(dir, 'docs') }), registry, calls };
}

async function failureCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MainFailure) return error.code;
    throw error;
  }
  throw new Error('expected a MainFailure');
}

describe('file registry', () => {
  it('hands out opaque tokens with name and size only', () => {
    const registry = createFileRegistry();
    const file = registry.register('/home/analyst/exports/alerts.json', 42);
    expect(Object.keys(file).sort()).toEqual(['name', 'size', 'token']);
    expect(file.name).toBe('alerts.json');
    expect(file.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(file)).not.toContain('/home/analyst');
    expect(registry.lookup(file.token)?.path).toBe('/home/analyst/exports/alerts.json');
  });

  it('forgets the oldest tokens past its cap', () => {
    let n = 0;
    const registry = createFileRegistry(3, () => `t${(n += 1)}`);
    for (let i = 0; i < 5; i += 1) registry.register(`/f${i}`, i);
    expect(registry.size).toBe(3);
    expect(registry.lookup('t1')).toBeUndefined();
    expect(registry.lookup('t2')).toBeUndefined();
    expect(registry.lookup('t5')?.path).toBe('/f4');
  });
});

describe('open dialogs', () => {
  it('returns tokens for chosen regular files, skipping folders and missing files', async () => {
    const { files, calls } = service([path.join(dir, 'alerts.ndjson'), path.join(dir, 'folder'), path.join(dir, 'gone.json'), path.join(dir, 'empty.json')]);
    const chosen = await files.openImportDialog(null);
    expect(chosen.map((f) => [f.name, f.size])).toEqual([
      ['alerts.ndjson', 1000],
      ['empty.json', 0],
    ]);
    expect(calls.open).toEqual([IMPORT_DIALOG_OPTIONS]);
    expect(IMPORT_DIALOG_OPTIONS.properties).toEqual(['openFile', 'multiSelections']);
  });

  it('opens case files with a .caseline filter and returns nothing when cancelled', async () => {
    const { files, calls } = service([path.join(dir, 'case.caseline')]);
    expect((await files.openCaseDialog(null)).map((f) => f.name)).toEqual(['case.caseline']);
    expect(calls.open[0]).toBe(CASE_DIALOG_OPTIONS);
    expect(CASE_DIALOG_OPTIONS.filters).toEqual([{ name: 'Caseline case', extensions: ['caseline'] }]);
    expect(await service(null).files.openCaseDialog(null)).toEqual([]);
  });
});

describe('readChunk', () => {
  it('reads exact byte ranges and short-reads at the end', async () => {
    const { files } = service([path.join(dir, 'alerts.ndjson')]);
    const [file] = await files.openImportDialog(null);
    if (file === undefined) throw new Error('no file');
    expect(Array.from(new Uint8Array(await files.readChunk(file.token, 0, 10)))).toEqual(Array.from(sample.subarray(0, 10)));
    expect(Array.from(new Uint8Array(await files.readChunk(file.token, 995, 10)))).toEqual(Array.from(sample.subarray(995)));
    expect((await files.readChunk(file.token, 5000, 10)).byteLength).toBe(0);
    expect((await files.readChunk(file.token, 0, 0)).byteLength).toBe(0);
    const whole = await files.readChunk(file.token, 0, 1000);
    expect(whole).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(whole).equals(sample)).toBe(true);
  });

  it('property: chunks concatenate to the file', async () => {
    const { files } = service([path.join(dir, 'alerts.ndjson')]);
    const [file] = await files.openImportDialog(null);
    if (file === undefined) throw new Error('no file');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1200 }), async (chunk) => {
        const parts: Buffer[] = [];
        for (let offset = 0; offset < file.size; offset += chunk) parts.push(Buffer.from(await files.readChunk(file.token, offset, chunk)));
        expect(Buffer.concat(parts).equals(sample)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses unknown tokens and files that disappeared or became something else', async () => {
    const { files } = service([path.join(dir, 'empty.json')]);
    expect(await failureCode(files.readChunk('8a4a1c52-1f1e-4b59-9a55-0a3c1c1e2f3a', 0, 1))).toBe('unknown-token');
    const transient = path.join(dir, 'transient.json');
    writeFileSync(transient, 'x');
    const { files: files2 } = service([transient]);
    const [file] = await files2.openImportDialog(null);
    if (file === undefined) throw new Error('no file');
    rmSync(transient);
    expect(await failureCode(files2.readChunk(file.token, 0, 1))).toBe('io-error');
    mkdirSync(transient);
    expect(await failureCode(files2.readChunk(file.token, 0, 1))).toBe('io-error');
    rmSync(transient, { recursive: true });
  });

  it.skipIf(process.platform === 'win32')('does not hang on a path swapped for a FIFO', async () => {
    const swapped = path.join(dir, 'swapped.json');
    writeFileSync(swapped, 'x');
    const { files } = service([swapped]);
    const [file] = await files.openImportDialog(null);
    if (file === undefined) throw new Error('no file');
    rmSync(swapped);
    execFileSync('mkfifo', [swapped]);
    expect(await failureCode(files.readChunk(file.token, 0, 1))).toBe('io-error');
    rmSync(swapped);
  });

  it('never puts a full path in an error message', async () => {
    const gone = path.join(dir, 'gone-later.json');
    writeFileSync(gone, 'x');
    const { files } = service([gone]);
    const [file] = await files.openImportDialog(null);
    if (file === undefined) throw new Error('no file');
    rmSync(gone);
    const error = await files.readChunk(file.token, 0, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MainFailure);
    expect((error as Error).message).toContain('gone-later.json');
    expect((error as Error).message).not.toContain(dir);
  });
});

describe('saveFile', () => {
  it('sanitizes the suggested name, writes the bytes and returns the base name', async () => {
    const target = path.join(dir, 'out', 'chosen.html');
    const { files, calls } = service(null, target);
    const name = await files.saveFile(null, '../../etc/passwd\u202E.html', new TextEncoder().encode('<p>report</p>'));
    expect(name).toBe('chosen.html');
    expect(readFileSync(target, 'utf8')).toBe('<p>report</p>');
    expect(calls.save[0]?.defaultPath).toBe(path.join(dir, 'docs', 'etc_passwd.html'));
    expect(calls.save[0]?.filters).toEqual([{ name: 'HTML file', extensions: ['html'] }]);
    expect(calls.save[0]?.properties).toContain('showOverwriteConfirmation');
    expect(readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('overwrites an existing file the user chose', async () => {
    const target = path.join(dir, 'out', 'again.csv');
    writeFileSync(target, 'old');
    const { files } = service(null, target);
    await files.saveFile(null, 'again.csv', new TextEncoder().encode('new'));
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it('returns null and writes nothing when cancelled', async () => {
    const { files } = service(null, null);
    expect(await files.saveFile(null, 'x.pdf', new Uint8Array(1))).toBeNull();
  });

  it('reports an io-error and leaves no temp file when the folder is not writable', async () => {
    const target = path.join(dir, 'no-such-folder', 'x.pdf');
    const { files } = service(null, target);
    expect(await failureCode(files.saveFile(null, 'x.pdf', new Uint8Array(1)))).toBe('io-error');
    expect(existsSync(target)).toBe(false);
  });

  it('property: the dialog is always offered one safe name inside the default folder', async () => {
    const showSaveDialog = vi.fn((_w: unknown, _o: SaveDialogOptions) => Promise.resolve({ canceled: true, filePath: '' }));
    const files = createFileService({ dialog: { showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }), showSaveDialog }, registry: createFileRegistry(), defaultSaveDir: () => '/docs' });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (name) => {
        await files.saveFile(null, name, new Uint8Array(0));
        const offered = showSaveDialog.mock.calls.at(-1)?.[1].defaultPath ?? '';
        expect(path.dirname(offered)).toBe('/docs');
      }),
      { numRuns: 300 },
    );
  });
});

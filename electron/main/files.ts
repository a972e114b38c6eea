// Files the user chose (native open dialogs, file association / command line) and exports written through the
// native save dialog (SECURITY-NOTES A7, X5). Paths stay in main: the renderer only ever holds an opaque token
// and reads bytes by token, so a compromised renderer cannot name a path.
import nodePath from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import type { BrowserWindow, OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import type { ChosenFile } from '#shared/contracts/main-api';
import { MainFailure } from './errors';
import { sanitizeFileName } from './file-name';
import { createLogger, describeError } from './log';

const log = createLogger('files');

/** Oldest tokens are forgotten past this many (the renderer reads a file soon after choosing it). */
export const MAX_REGISTERED_FILES = 4096;
/** A multi-selection larger than this is cut (with a log line): nobody imports more files at once. */
export const MAX_FILES_PER_DIALOG = 1000;

/** The errno code of a Node fs error (ENOENT, EACCES...), never its message: messages carry full paths. */
function errnoOf(error: unknown): string {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'unknown error';
}

export type ChosenFileEntry = { path: string; name: string; size: number };

export type FileRegistry = {
  register(path: string, size: number): ChosenFile;
  lookup(token: string): ChosenFileEntry | undefined;
  readonly size: number;
};

export function createFileRegistry(maxEntries: number = MAX_REGISTERED_FILES, newToken: () => string = randomUUID): FileRegistry {
  const entries = new Map<string, ChosenFileEntry>();
  return {
    register(path, size) {
      const token = newToken();
      const name = nodePath.basename(path);
      entries.set(token, { path, name, size });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return { token, name, size };
    },
    lookup(token) {
      return entries.get(token);
    },
    get size() {
      return entries.size;
    },
  };
}

export type DialogPort = {
  showOpenDialog(window: BrowserWindow | null, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showSaveDialog(window: BrowserWindow | null, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
};

export const IMPORT_DIALOG_OPTIONS: OpenDialogOptions = {
  title: 'Import alerts',
  properties: ['openFile', 'multiSelections'],
  filters: [
    { name: 'Alert exports', extensions: ['json', 'ndjson', 'jsonl', 'csv', 'tsv', 'log', 'txt', 'xml', 'zip', 'gz'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

export const CASE_DIALOG_OPTIONS: OpenDialogOptions = {
  title: 'Open case file',
  properties: ['openFile'],
  filters: [{ name: 'Caseline case', extensions: ['caseline'] }],
};

// Open without blocking: if the path was swapped for a FIFO since it was chosen, open() must not hang main's
// thread pool; the fstat below then refuses it.
const READ_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

export type FileService = {
  openImportDialog(window: BrowserWindow | null): Promise<ChosenFile[]>;
  openCaseDialog(window: BrowserWindow | null): Promise<ChosenFile[]>;
  /** Register a path the OS handed us (file association, argv, open-file); null if it is not a regular file. */
  registerPath(path: string): Promise<ChosenFile | null>;
  readChunk(token: string, offset: number, length: number): Promise<ArrayBuffer>;
  saveFile(window: BrowserWindow | null, suggestedName: string, bytes: Uint8Array): Promise<string | null>;
};

export type FileServiceDeps = {
  dialog: DialogPort;
  registry: FileRegistry;
  /** Where the save dialog starts (app.getPath('documents')). */
  defaultSaveDir: () => string;
};

export function createFileService(deps: FileServiceDeps): FileService {
  const { dialog, registry } = deps;

  async function registerPath(path: string): Promise<ChosenFile | null> {
    try {
      const stat = await fs.stat(path);
      if (!stat.isFile()) return null;
      return registry.register(path, stat.size);
    } catch (error) {
      log.warn('chosen file not readable', { error: describeError(error) });
      return null;
    }
  }

  async function choose(window: BrowserWindow | null, options: OpenDialogOptions): Promise<ChosenFile[]> {
    const result = await dialog.showOpenDialog(window, options);
    if (result.canceled) return [];
    if (result.filePaths.length > MAX_FILES_PER_DIALOG) log.warn('too many files chosen; keeping the first', { chosen: result.filePaths.length, kept: MAX_FILES_PER_DIALOG });
    const chosen: ChosenFile[] = [];
    for (const path of result.filePaths.slice(0, MAX_FILES_PER_DIALOG)) {
      const file = await registerPath(path);
      if (file !== null) chosen.push(file);
    }
    return chosen;
  }

  async function readChunk(token: string, offset: number, length: number): Promise<ArrayBuffer> {
    const entry = registry.lookup(token);
    if (entry === undefined) throw new MainFailure('unknown-token', 'no chosen file has this token');
    if (length === 0) return new ArrayBuffer(0);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(entry.path, READ_FLAGS);
    } catch (error) {
      throw new MainFailure('io-error', `cannot open ${entry.name}: ${errnoOf(error)}`);
    }
    try {
      if (!(await handle.stat()).isFile()) throw new MainFailure('io-error', `${entry.name} is no longer a regular file`);
      // A fresh Uint8Array owns its ArrayBuffer (Buffer.alloc* may hand out a slice of a shared pool).
      const target = new Uint8Array(length);
      const { bytesRead } = await handle.read(target, 0, length, offset);
      return bytesRead === length ? target.buffer : target.buffer.slice(0, bytesRead);
    } catch (error) {
      if (error instanceof MainFailure) throw error;
      throw new MainFailure('io-error', `cannot read ${entry.name}: ${errnoOf(error)}`);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  async function saveFile(window: BrowserWindow | null, suggestedName: string, bytes: Uint8Array): Promise<string | null> {
    const name = sanitizeFileName(suggestedName);
    const ext = nodePath.extname(name).slice(1);
    const result = await dialog.showSaveDialog(window, {
      title: 'Save export',
      defaultPath: nodePath.join(deps.defaultSaveDir(), name),
      filters: ext === '' ? [] : [{ name: `${ext.toUpperCase()} file`, extensions: [ext] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (result.canceled || result.filePath === undefined || result.filePath === '') return null;
    const target = result.filePath;
    // Write beside the target and rename, so a failed or partial write never leaves a truncated export.
    const temp = nodePath.join(nodePath.dirname(target), `.${nodePath.basename(target)}.${randomBytes(6).toString('hex')}.part`);
    try {
      await fs.writeFile(temp, bytes, { flag: 'wx' });
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      log.warn('save failed', { error: describeError(error) });
      throw new MainFailure('io-error', `cannot write ${nodePath.basename(target)}: ${errnoOf(error)}`);
    }
    return nodePath.basename(target);
  }

  return {
    openImportDialog: (window) => choose(window, IMPORT_DIALOG_OPTIONS),
    openCaseDialog: (window) => choose(window, CASE_DIALOG_OPTIONS),
    registerPath,
    readChunk,
    saveFile,
  };
}

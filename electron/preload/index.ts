// The sandboxed preload (bundled to dist/electron/preload.cjs, a single CJS file whose only require is
// 'electron'). It exposes `window.caseline`: one named function per MainApi member and nothing else. Never
// ipcRenderer itself, never a generic invoke/send/on, and listeners never see the IPC event object (A7).
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { MENU_COMMANDS } from '#shared/contracts/main-api';
import type { ChosenFile, MainApi, MenuCommand } from '#shared/contracts/main-api';
import { INVOKE_CHANNELS, PUSH_CHANNELS } from '../common/ipc-channels';
import type { InvokeChannel, IpcResult } from '../common/ipc-channels';

/** Opened case files that arrive before the renderer subscribes are held (at most this many). */
const MAX_HELD_CASE_FILES = 16;

function isIpcResult(value: unknown): value is IpcResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (candidate.ok === true) return 'value' in candidate;
  return candidate.ok === false && typeof candidate.error?.code === 'string' && typeof candidate.error.message === 'string';
}

/** Call main and unwrap its envelope. A refusal rejects with `Error("<code>: <message>")` (see mainErrorCode). */
async function call<T>(channel: InvokeChannel, ...args: unknown[]): Promise<T> {
  const result: unknown = await ipcRenderer.invoke(channel, ...args);
  if (!isIpcResult(result)) throw new Error('internal: malformed reply from main');
  if (result.ok) return result.value as T;
  throw new Error(`${result.error.code}: ${result.error.message}`);
}

function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

function isChosenFile(value: unknown): value is ChosenFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Partial<Record<keyof ChosenFile, unknown>>;
  return typeof file.token === 'string' && typeof file.name === 'string' && typeof file.size === 'number';
}

/** Copy only the contract's fields: nothing else main might attach reaches the page. */
function chosenFile(file: ChosenFile): ChosenFile {
  return { token: file.token, name: file.name, size: file.size };
}

function openImportDialog(): Promise<ChosenFile[]> {
  return call(INVOKE_CHANNELS.openImportDialog);
}

function openCaseDialog(): Promise<ChosenFile[]> {
  return call(INVOKE_CHANNELS.openCaseDialog);
}

function readChunk(token: string, offset: number, length: number): Promise<ArrayBuffer> {
  return call(INVOKE_CHANNELS.readChunk, token, offset, length);
}

function saveFile(suggestedName: string, bytes: ArrayBuffer): Promise<string | null> {
  return call(INVOKE_CHANNELS.saveFile, suggestedName, bytes);
}

function printToPdf(html: string): Promise<ArrayBuffer> {
  return call(INVOKE_CHANNELS.printToPdf, html);
}

function appInfo(): Promise<{ name: string; version: string; electron: string; chrome: string }> {
  return call(INVOKE_CHANNELS.appInfo);
}

function onMenuCommand(listener: (command: MenuCommand) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onMenuCommand needs a function');
  const relay = (_event: IpcRendererEvent, command: unknown): void => {
    if (isMenuCommand(command)) listener(command);
  };
  ipcRenderer.on(PUSH_CHANNELS.menuCommand, relay);
  return function unsubscribeMenuCommand(): void {
    ipcRenderer.removeListener(PUSH_CHANNELS.menuCommand, relay);
  };
}

// Opened case files: listen from the start (main only sends after the page has loaded, but the app may subscribe
// later than that), hold until someone subscribes, then deliver.
const caseFileListeners = new Set<(file: ChosenFile) => void>();
const heldCaseFiles: ChosenFile[] = [];

ipcRenderer.on(PUSH_CHANNELS.openCaseFile, (_event: IpcRendererEvent, file: unknown) => {
  if (!isChosenFile(file)) return;
  if (caseFileListeners.size === 0) {
    if (heldCaseFiles.length < MAX_HELD_CASE_FILES) heldCaseFiles.push(chosenFile(file));
    return;
  }
  for (const listener of caseFileListeners) listener(chosenFile(file));
});

function onOpenCaseFile(listener: (file: ChosenFile) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onOpenCaseFile needs a function');
  caseFileListeners.add(listener);
  for (const file of heldCaseFiles.splice(0)) listener(file);
  return function unsubscribeOpenCaseFile(): void {
    caseFileListeners.delete(listener);
  };
}

const api = {
  openImportDialog,
  openCaseDialog,
  readChunk,
  saveFile,
  printToPdf,
  onMenuCommand,
  appInfo,
  onOpenCaseFile,
} satisfies MainApi;

contextBridge.exposeInMainWorld('caseline', api);

// The IPC wire between main and the preload: channel names and the result envelope. Both sides import this file;
// the renderer never sees it (it only sees MainApi). Every channel carries IPC_PREFIX so main can refuse the rest.
import type { MainErrorCode } from '#shared/contracts/main-api';

/** Request/response channels (ipcRenderer.invoke → ipcMain.handle). */
export const INVOKE_CHANNELS = {
  openImportDialog: 'caseline:open-import-dialog',
  openCaseDialog: 'caseline:open-case-dialog',
  readChunk: 'caseline:read-chunk',
  saveFile: 'caseline:save-file',
  printToPdf: 'caseline:print-to-pdf',
  appInfo: 'caseline:app-info',
} as const;

/** Push channels (webContents.send → ipcRenderer.on). */
export const PUSH_CHANNELS = {
  menuCommand: 'caseline:menu-command',
  openCaseFile: 'caseline:open-case-file',
} as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[keyof typeof INVOKE_CHANNELS];
export type PushChannel = (typeof PUSH_CHANNELS)[keyof typeof PUSH_CHANNELS];

/** What crosses the wire instead of a thrown error: plain data, never an Error instance. */
export type IpcError = { code: MainErrorCode; message: string };
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

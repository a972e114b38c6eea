// The preload API (`window.caseline`): the whole surface the renderer has on the OS. Main validates every
// argument (electron/main/ipc.ts); the renderer's Electron platform bridge is the only caller.

/** A file the user chose in a native dialog, known to the renderer only by an opaque token. */
export type ChosenFile = { token: string; name: string; size: number };

export type MenuCommand = 'import-alerts' | 'open-case' | 'export-report' | 'open-demo' | 'about';

export type MainApi = {
  /** Native open dialog for alert exports; returns the chosen files as tokens. */
  openImportDialog(): Promise<ChosenFile[]>;
  /** Native open dialog for a `.caseline` case file. */
  openCaseDialog(): Promise<ChosenFile[]>;
  /** Read up to `length` bytes at `offset` of a chosen file (streamed to the engine worker chunk by chunk). */
  readChunk(token: string, offset: number, length: number): Promise<ArrayBuffer>;
  /** Native save dialog, then write the bytes; returns the saved path's base name, or null when cancelled. */
  saveFile(suggestedName: string, bytes: ArrayBuffer): Promise<string | null>;
  /** Print sanitized report HTML to PDF in a hidden, locked-down window. */
  printToPdf(html: string): Promise<ArrayBuffer>;
  /** Subscribe to native menu commands; returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** App name and version for About. */
  appInfo(): Promise<{ name: string; version: string; electron: string; chrome: string }>;
  /**
   * Subscribe to `.caseline` files the OS asked us to open (double-click / file association, command line, macOS
   * `open-file`). Each arrives as an already-registered token, like a file from `openCaseDialog`; the renderer then
   * opens it as a case. Files that arrive before the first subscription are held and delivered to it.
   */
  onOpenCaseFile(listener: (file: ChosenFile) => void): () => void;
};

/**
 * Why a MainApi call failed. A failed call rejects with an `Error` whose message is `"<code>: <detail>"` (only the
 * message survives contextBridge); `mainErrorCode` reads the code back.
 */
export type MainErrorCode =
  | 'forbidden-sender'
  | 'invalid-argument'
  | 'unknown-token'
  | 'too-large'
  | 'busy'
  | 'io-error'
  | 'internal';

export const MAIN_ERROR_CODES: readonly MainErrorCode[] = ['forbidden-sender', 'invalid-argument', 'unknown-token', 'too-large', 'busy', 'io-error', 'internal'];

/** The `MainErrorCode` of an error thrown by a MainApi call, or null if it did not come from main. */
export function mainErrorCode(error: unknown): MainErrorCode | null {
  if (!(error instanceof Error)) return null;
  const code = MAIN_ERROR_CODES.find((c) => error.message.startsWith(`${c}: `));
  return code ?? null;
}

export const MENU_COMMANDS: readonly MenuCommand[] = ['import-alerts', 'open-case', 'export-report', 'open-demo', 'about'];
/** Every IPC channel carries this prefix; main ignores anything else. */
export const IPC_PREFIX = 'caseline:';
/** Largest chunk the renderer may ask for in one readChunk call. */
export const MAX_READ_CHUNK = 8 * 1024 * 1024;
/** Largest export written through saveFile / printed through printToPdf. */
export const MAX_SAVE_BYTES = 512 * 1024 * 1024;
export const MAX_PDF_HTML_CHARS = 64 * 1024 * 1024;
/** The app's origin. IndexedDB is origin-keyed, so this is a data contract: renaming it orphans every case. */
export const APP_ORIGIN = 'app://bundle';

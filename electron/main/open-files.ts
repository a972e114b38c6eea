// `.caseline` files handed to us by the OS: a double-click / file association (argv on Windows and Linux, the
// `open-file` event on macOS), or a second launch while we run (`second-instance` argv). Each becomes a registered
// token, like a file from the open dialog, and reaches the renderer as an open-case push once its page is loaded.
import nodePath from 'node:path';
import type { ChosenFile } from '#shared/contracts/main-api';

export const CASE_FILE_EXTENSION = '.caseline';
/** A launch that names more files than this is not a user double-clicking case files. */
export const MAX_PENDING_OPENS = 16;

/**
 * The case-file paths in an argv. `skip` drops the executable (and, in dev, the app path). Flags (`-x`, `--x`,
 * including the Chromium switches Electron appends for second instances) are ignored. UNC and `\\?\` paths are
 * refused: opening `\\host\share\x.caseline` from a link would make Windows authenticate to that host.
 */
export function caseFilePathsFromArgv(argv: readonly string[], skip: number, cwd: string, pathApi: typeof nodePath = nodePath): string[] {
  const paths: string[] = [];
  for (const arg of argv.slice(skip)) {
    if (typeof arg !== 'string' || arg === '' || arg.startsWith('-')) continue;
    if (!isCaseFilePath(arg)) continue;
    if (arg.startsWith('\\\\') || arg.startsWith('//')) continue;
    if (arg.includes('\u0000')) continue;
    paths.push(pathApi.resolve(cwd, arg));
  }
  return paths;
}

export function isCaseFilePath(path: string): boolean {
  return path.toLowerCase().endsWith(CASE_FILE_EXTENSION) && path.length > CASE_FILE_EXTENSION.length;
}

/** How many argv entries precede the user's arguments: the exe, plus the app path when run as `electron .`. */
export function argvSkip(isDefaultApp: boolean): number {
  return isDefaultApp ? 2 : 1;
}

/**
 * Holds opened case files until the renderer can receive them (its page has loaded), then delivers them in order.
 * The preload buffers them again until the renderer subscribes (see preload/index.ts).
 */
export type OpenCaseQueue = {
  push(file: ChosenFile): void;
  /** A renderer (`owner`, its webContents id) is ready: deliver what is pending and everything after it to it. */
  attach(owner: number, deliver: (file: ChosenFile) => void): void;
  /** That renderer went away (reload, closed window): hold again, unless another one took over meanwhile. */
  detach(owner: number): void;
  readonly pending: number;
};

export function createOpenCaseQueue(maxPending: number = MAX_PENDING_OPENS): OpenCaseQueue {
  let pending: ChosenFile[] = [];
  let deliver: ((file: ChosenFile) => void) | null = null;
  let attachedOwner: number | null = null;
  return {
    push(file) {
      if (deliver !== null) {
        deliver(file);
        return;
      }
      if (pending.length < maxPending) pending.push(file);
    },
    attach(owner, next) {
      attachedOwner = owner;
      deliver = next;
      const held = pending;
      pending = [];
      for (const file of held) next(file);
    },
    detach(owner) {
      if (owner !== attachedOwner) return;
      attachedOwner = null;
      deliver = null;
    },
    get pending() {
      return pending.length;
    },
  };
}

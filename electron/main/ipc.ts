// The main side of MainApi (SECURITY-NOTES A7). Every handler: a `caseline:` channel, a sender check (our top
// frame on app://bundle), a payload validator with size caps, and a plain-data result envelope. Nothing here throws
// across the boundary and no Error instance is returned.
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { APP_ORIGIN, IPC_PREFIX } from '#shared/contracts/main-api';
import type { ChosenFile, MainApi } from '#shared/contracts/main-api';
import { INVOKE_CHANNELS } from '../common/ipc-channels';
import type { IpcError, IpcResult } from '../common/ipc-channels';
import { MainFailure } from './errors';
import type { FileService } from './files';
import { createLogger, describeError } from './log';
import { isAllowedNavigation } from './navigation';
import type { PdfPrinter } from './pdf';
import { validateNoArgs, validatePrintToPdfArgs, validateReadChunkArgs, validateSaveFileArgs } from './validate';
import type { Checked } from './validate';

const log = createLogger('ipc');

export type AppInfo = Awaited<ReturnType<MainApi['appInfo']>>;

/**
 * Is this IPC from the app's own top-level document? Refuses: no frame (navigated away or destroyed), a sub-frame,
 * a frame whose URL or origin is not exactly app://bundle. Any exception while reading the frame (a disposed
 * frame throws on access) also refuses.
 */
export function isTrustedSender(event: unknown): boolean {
  try {
    const frame = (event as { senderFrame?: unknown } | null)?.senderFrame as { url?: unknown; origin?: unknown; parent?: unknown } | null | undefined;
    if (frame === null || frame === undefined || typeof frame !== 'object') return false;
    if (frame.parent !== null) return false;
    return frame.origin === APP_ORIGIN && isAllowedNavigation(frame.url);
  } catch {
    return false;
  }
}

export type IpcMainPort = { handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void };

function failure(code: IpcError['code'], message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/** Build the listener for one channel. Exported for tests; use registerHandler to install it. */
export function guardedHandler<V, T>(channel: string, validate: (args: readonly unknown[]) => Checked<V>, run: (value: V, event: IpcMainInvokeEvent) => Promise<T>) {
  return async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<IpcResult<T>> => {
    if (!isTrustedSender(event)) {
      log.warn('refused IPC from an untrusted sender', { channel });
      return failure('forbidden-sender', 'this sender may not call main');
    }
    const checked = validate(args);
    if (!checked.ok) return failure(checked.code, checked.message);
    try {
      return { ok: true, value: await run(checked.value, event) };
    } catch (error) {
      if (error instanceof MainFailure) return failure(error.code, error.message);
      log.error('IPC handler failed', { channel, error: describeError(error) });
      return failure('internal', 'unexpected error in main');
    }
  };
}

export function registerHandler<V, T>(ipc: IpcMainPort, channel: string, validate: (args: readonly unknown[]) => Checked<V>, run: (value: V, event: IpcMainInvokeEvent) => Promise<T>): void {
  if (!channel.startsWith(IPC_PREFIX)) throw new Error(`IPC channel without the ${IPC_PREFIX} prefix: ${channel}`);
  ipc.handle(channel, guardedHandler(channel, validate, run));
}

export type MainServices = {
  files: FileService;
  pdf: PdfPrinter;
  appInfo(): AppInfo;
  /** The window that owns a sender, as the parent of its dialogs. */
  windowOf(event: IpcMainInvokeEvent): BrowserWindow | null;
};

/** Install every MainApi handler. The channel list is INVOKE_CHANNELS; preload/index.ts is the other end. */
export function registerMainApiHandlers(ipc: IpcMainPort, services: MainServices): void {
  const { files, pdf } = services;
  registerHandler<null, ChosenFile[]>(ipc, INVOKE_CHANNELS.openImportDialog, validateNoArgs, (_none, event) => files.openImportDialog(services.windowOf(event)));
  registerHandler<null, ChosenFile[]>(ipc, INVOKE_CHANNELS.openCaseDialog, validateNoArgs, (_none, event) => files.openCaseDialog(services.windowOf(event)));
  registerHandler(ipc, INVOKE_CHANNELS.readChunk, validateReadChunkArgs, ({ token, offset, length }) => files.readChunk(token, offset, length));
  registerHandler(ipc, INVOKE_CHANNELS.saveFile, validateSaveFileArgs, ({ suggestedName, bytes }, event) => files.saveFile(services.windowOf(event), suggestedName, bytes));
  registerHandler(ipc, INVOKE_CHANNELS.printToPdf, validatePrintToPdfArgs, ({ html }) => pdf.printToPdf(html));
  registerHandler(ipc, INVOKE_CHANNELS.appInfo, validateNoArgs, () => Promise.resolve(services.appInfo()));
}

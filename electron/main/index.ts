// Caseline main process entry (bundled to dist/electron/main.cjs). Wiring only: each concern lives in its own
// module. Order matters: the scheme, sandbox and switches must be set before `ready`.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { createAppWindows } from './app-window';
import { createFileRegistry, createFileService } from './files';
import { PRODUCT_NAME, userDataFolderName } from './identity';
import type { DialogPort } from './files';
import { registerMainApiHandlers } from './ipc';
import { createLogger, describeError } from './log';
import { installMenu } from './menu';
import { hardenWebContents } from './navigation';
import { applyOfflineSwitches } from './network';
import { argvSkip, caseFilePathsFromArgv, createOpenCaseQueue, isCaseFilePath } from './open-files';
import { createPdfPrinter, createPrintRoutes, installPrintProtocol } from './pdf';
import { denyBluetooth } from './permissions';
import { createSecureWindow, preloadPath, PRINT_PARTITION } from './prefs';
import { installBundleProtocol, registerAppScheme } from './protocol';
import { hardenSession } from './session';

const log = createLogger('main');

// ---- before ready ----
registerAppScheme();
app.enableSandbox();
applyOfflineSwitches(app.commandLine);
app.setName(PRODUCT_NAME);
app.setPath('userData', path.join(app.getPath('appData'), userDataFolderName(app.isPackaged)));

if (app.requestSingleInstanceLock()) {
  start();
} else {
  // Another instance owns the data folder; it receives our argv through 'second-instance'.
  app.quit();
}

function start(): void {
  const skip = argvSkip(process.defaultApp === true);
  const dialogPort: DialogPort = {
    showOpenDialog: (window, options: OpenDialogOptions) => (window === null ? dialog.showOpenDialog(options) : dialog.showOpenDialog(window, options)),
    showSaveDialog: (window, options: SaveDialogOptions) => (window === null ? dialog.showSaveDialog(options) : dialog.showSaveDialog(window, options)),
  };
  const files = createFileService({ dialog: dialogPort, registry: createFileRegistry(), defaultSaveDir: () => app.getPath('documents') });
  const openQueue = createOpenCaseQueue();
  const windows = createAppWindows(() => ({ isPackaged: app.isPackaged, preload: preloadPath() }), openQueue);
  const printRoutes = createPrintRoutes();
  const pdf = createPdfPrinter({
    routes: printRoutes,
    createPrintWindow: () => createSecureWindow('print', { show: false, width: 1024, height: 1400 }, { isPackaged: app.isPackaged, preload: preloadPath() }),
  });

  const openCaseFiles = async (paths: readonly string[]): Promise<void> => {
    for (const casePath of paths) {
      const file = await files.registerPath(casePath);
      if (file !== null) openQueue.push(file);
    }
  };

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents);
    denyBluetooth(contents);
  });
  app.on('session-created', (created) => hardenSession(created));

  // macOS: double-click / drop on the dock icon. May arrive before ready; the queue holds it.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    if (isCaseFilePath(filePath)) openCaseFiles([filePath]).catch((error: unknown) => log.error('open-file failed', { error: describeError(error) }));
    if (app.isReady()) windows.focus();
  });
  // Windows/Linux: a second launch (file association) hands its argv to us.
  app.on('second-instance', (_event, argv, workingDirectory) => {
    openCaseFiles(caseFilePathsFromArgv(argv, skip, workingDirectory)).catch((error: unknown) => log.error('second-instance open failed', { error: describeError(error) }));
    windows.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) windows.create();
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession);
      const printSession = session.fromPartition(PRINT_PARTITION);
      hardenSession(printSession);
      installBundleProtocol(session.defaultSession, path.join(app.getAppPath(), 'dist', 'web'));
      installPrintProtocol(printSession, printRoutes);
      registerMainApiHandlers(ipcMain, {
        files,
        pdf,
        appInfo: () => ({ name: PRODUCT_NAME, version: app.getVersion(), electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' }),
        windowOf: (event) => BrowserWindow.fromWebContents(event.sender),
      });
      installMenu({ isPackaged: app.isPackaged, platform: process.platform, appName: PRODUCT_NAME, sendCommand: (command) => windows.sendMenuCommand(command) });
      windows.create();
      await openCaseFiles(caseFilePathsFromArgv(process.argv, skip, process.cwd()));
    })
    .catch((error: unknown) => {
      log.error('startup failed', { error: describeError(error) });
      app.quit();
    });
}

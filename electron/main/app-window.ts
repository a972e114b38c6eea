// The Caseline window: made by the prefs factory, loads app://bundle/index.html, shows when painted, and receives
// pushes (menu commands, opened case files) only while its page is loaded.
import { BrowserWindow } from 'electron';
import type { MenuCommand } from '#shared/contracts/main-api';
import { PUSH_CHANNELS } from '../common/ipc-channels';
import { createLogger } from './log';
import type { OpenCaseQueue } from './open-files';
import { createSecureWindow } from './prefs';
import type { PrefsEnvironment } from './prefs';
import { APP_ENTRY_URL } from './protocol';

const log = createLogger('window');

export type AppWindows = {
  create(): BrowserWindow;
  /** The focused app window, else the most recent one. Never the print window. */
  current(): BrowserWindow | null;
  sendMenuCommand(command: MenuCommand): void;
  focus(): void;
};

export function createAppWindows(env: () => PrefsEnvironment, openQueue: OpenCaseQueue): AppWindows {
  const windows = new Set<BrowserWindow>();

  function current(): BrowserWindow | null {
    const focused = BrowserWindow.getFocusedWindow();
    if (focused !== null && windows.has(focused)) return focused;
    return [...windows].at(-1) ?? null;
  }

  function create(): BrowserWindow {
    const window = createSecureWindow('app', { width: 1440, height: 900, minWidth: 960, minHeight: 600, show: false, title: 'Caseline', backgroundColor: '#0f1115' }, env());
    windows.add(window);
    const contents = window.webContents;
    const owner = contents.id;
    window.once('ready-to-show', () => window.show());
    contents.on('did-start-loading', () => openQueue.detach(owner));
    contents.on('did-finish-load', () => openQueue.attach(owner, (file) => contents.send(PUSH_CHANNELS.openCaseFile, file)));
    contents.on('did-fail-load', (_event, code, description) => log.error('app page failed to load', { code, description }));
    contents.on('render-process-gone', (_event, details) => log.error('renderer gone', { reason: details.reason, exitCode: details.exitCode }));
    window.on('closed', () => {
      windows.delete(window);
      openQueue.detach(owner);
    });
    contents.loadURL(APP_ENTRY_URL).catch((error: unknown) => log.error('loadURL failed', { error: String(error).slice(0, 300) }));
    return window;
  }

  return {
    create,
    current,
    sendMenuCommand(command) {
      current()?.webContents.send(PUSH_CHANNELS.menuCommand, command);
    },
    focus() {
      const window = current();
      if (window === null) return;
      if (window.isMinimized()) window.restore();
      window.focus();
    },
  };
}

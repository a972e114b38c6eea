// Native menus. Commands that belong to the app (import, open, export, about) are sent to the renderer as a
// MenuCommand over IPC; editing, zoom and fullscreen use Electron roles. Reload and DevTools exist only in dev.
import { Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '#shared/contracts/main-api';

export type MenuOptions = {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  appName: string;
  /** Deliver a command to the focused app window. */
  sendCommand: (command: MenuCommand) => void;
};

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { isPackaged, platform, appName, sendCommand } = options;
  const isMac = platform === 'darwin';
  const command = (label: string, cmd: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    id: cmd,
    ...(accelerator === undefined ? {} : { accelerator }),
    click: () => sendCommand(cmd),
  });

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      command('Import alerts…', 'import-alerts', 'CmdOrCtrl+I'),
      command('Open case file…', 'open-case', 'CmdOrCtrl+O'),
      command('Open demo case', 'open-demo'),
      { type: 'separator' },
      command('Export report…', 'export-report', 'CmdOrCtrl+E'),
      // On macOS Quit lives in the app menu.
      ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };

  const devOnly: MenuItemConstructorOptions[] = isPackaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [...devOnly, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };

  const help: MenuItemConstructorOptions = { label: 'Help', role: 'help', submenu: [command(`About ${appName}`, 'about')] };

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: appName,
          submenu: [
            command(`About ${appName}`, 'about'),
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  const windowMenu: MenuItemConstructorOptions[] = isMac ? [{ role: 'windowMenu' }] : [];

  return [...appMenu, file, edit, view, ...windowMenu, help];
}

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)));
}

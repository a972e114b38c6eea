import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_COMMANDS } from '#shared/contracts/main-api';
import type { MenuCommand } from '#shared/contracts/main-api';

const applied = vi.hoisted((): { template: unknown; menu: unknown } => ({ template: null, menu: null }));
vi.mock('electron', () => ({
  Menu: {
    buildFromTemplate: (template: unknown) => {
      applied.template = template;
      return { built: true };
    },
    setApplicationMenu: (menu: unknown) => {
      applied.menu = menu;
    },
  },
}));

const { buildMenuTemplate, installMenu } = await import('./menu');

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function topLabels(template: MenuItemConstructorOptions[]): (string | undefined)[] {
  return template.map((item) => item.label);
}

function submenuOf(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const submenu = template.find((item) => item.label === label)?.submenu;
  return Array.isArray(submenu) ? submenu : [];
}

const base = { appName: 'Caseline', sendCommand: () => undefined };

describe('buildMenuTemplate', () => {
  it('has File, Edit, View, Help on Windows and Linux', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const template = buildMenuTemplate({ ...base, isPackaged: true, platform });
      expect(topLabels(template)).toEqual(['File', 'Edit', 'View', 'Help']);
      expect(submenuOf(template, 'File').map((i) => i.label ?? i.role ?? i.type)).toEqual(['Import alerts…', 'Open case file…', 'Open demo case', 'separator', 'Export report…', 'separator', 'quit']);
      expect(submenuOf(template, 'Edit').map((i) => i.role ?? i.type)).toEqual(['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'delete', 'separator', 'selectAll']);
      expect(submenuOf(template, 'Help').map((i) => i.label)).toEqual(['About Caseline']);
    }
  });

  it('puts About and Quit in the app menu on macOS', () => {
    const template = buildMenuTemplate({ ...base, isPackaged: true, platform: 'darwin' });
    expect(topLabels(template)).toEqual(['Caseline', 'File', 'Edit', 'View', undefined, 'Help']);
    expect(submenuOf(template, 'Caseline').map((i) => i.label ?? i.role ?? i.type)).toContain('quit');
    expect(submenuOf(template, 'File').some((i) => i.role === 'quit')).toBe(false);
  });

  it('offers reload and DevTools only in dev', () => {
    const roles = (isPackaged: boolean) => flatten(buildMenuTemplate({ ...base, isPackaged, platform: 'linux' })).map((i) => i.role);
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) {
      expect(roles(true)).not.toContain(role);
      expect(roles(false)).toContain(role);
    }
    for (const role of ['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']) expect(roles(true)).toContain(role);
  });

  it('sends every MenuCommand, and only MenuCommands, from its click handlers', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const sent: MenuCommand[] = [];
      const template = buildMenuTemplate({ ...base, isPackaged: true, platform, sendCommand: (c) => sent.push(c) });
      for (const item of flatten(template)) {
        if (typeof item.click === 'function') (item.click as () => void)();
      }
      expect(new Set(sent)).toEqual(new Set(MENU_COMMANDS));
      expect(sent.every((c) => MENU_COMMANDS.includes(c))).toBe(true);
    }
  });

  it('installs the built menu as the application menu', () => {
    installMenu({ ...base, isPackaged: true, platform: 'linux' });
    expect(applied.menu).toEqual({ built: true });
    expect(Array.isArray(applied.template)).toBe(true);
  });
});

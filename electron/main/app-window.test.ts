import type { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { PUSH_CHANNELS } from '../common/ipc-channels';
import { createOpenCaseQueue } from './open-files';

type Fake = EventEmitter & { options: { webPreferences: Record<string, unknown> }; webContents: EventEmitter & { id: number; send: ReturnType<typeof vi.fn>; loadURL: ReturnType<typeof vi.fn> }; show: ReturnType<typeof vi.fn>; focus: ReturnType<typeof vi.fn>; restore: ReturnType<typeof vi.fn>; minimized: boolean };

const fake = vi.hoisted((): { focused: unknown; created: unknown[] } => ({ focused: null, created: [] }));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  let id = 1;
  class BrowserWindow extends Emitter {
    static getFocusedWindow = () => fake.focused;
    options: unknown;
    webContents = Object.assign(new Emitter(), { id: id++, send: vi.fn(), loadURL: vi.fn(() => Promise.resolve()) });
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    minimized = false;
    isMinimized = () => this.minimized;
    constructor(options: unknown) {
      super();
      this.options = options;
      fake.created.push(this);
    }
  }
  return { BrowserWindow };
});

const { createAppWindows } = await import('./app-window');
const env = () => ({ isPackaged: true, preload: '/app/dist/electron/preload.cjs' });

describe('app windows', () => {
  it('creates a hidden window from the prefs factory, loads the app entry, shows it when painted', () => {
    const windows = createAppWindows(env, createOpenCaseQueue());
    const window = windows.create() as unknown as Fake;
    expect(window.options).toMatchObject({ show: false, title: 'Caseline', webPreferences: { sandbox: true, preload: '/app/dist/electron/preload.cjs', devTools: false } });
    expect(window.webContents.loadURL).toHaveBeenCalledWith('app://bundle/index.html');
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('sends menu commands to the focused app window, else the latest, and never to a foreign focused window', () => {
    const windows = createAppWindows(env, createOpenCaseQueue());
    const first = windows.create() as unknown as Fake;
    const second = windows.create() as unknown as Fake;
    fake.focused = first;
    windows.sendMenuCommand('import-alerts');
    expect(first.webContents.send).toHaveBeenCalledWith(PUSH_CHANNELS.menuCommand, 'import-alerts');
    fake.focused = { webContents: { send: vi.fn() } }; // e.g. a window we did not create
    windows.sendMenuCommand('about');
    expect(second.webContents.send).toHaveBeenCalledWith(PUSH_CHANNELS.menuCommand, 'about');
    second.emit('closed');
    fake.focused = null;
    windows.sendMenuCommand('open-case');
    expect(first.webContents.send).toHaveBeenLastCalledWith(PUSH_CHANNELS.menuCommand, 'open-case');
  });

  it('delivers opened case files only between did-finish-load and the next load', () => {
    const queue = createOpenCaseQueue();
    const windows = createAppWindows(env, queue);
    const window = windows.create() as unknown as Fake;
    const file = { token: 't', name: 'x.caseline', size: 1 };
    queue.push(file);
    expect(window.webContents.send).not.toHaveBeenCalled();
    window.webContents.emit('did-finish-load');
    expect(window.webContents.send).toHaveBeenCalledWith(PUSH_CHANNELS.openCaseFile, file);
    window.webContents.emit('did-start-loading');
    queue.push(file);
    expect(window.webContents.send).toHaveBeenCalledOnce();
    expect(queue.pending).toBe(1);
  });

  it('restores and focuses the current window', () => {
    fake.focused = null;
    const windows = createAppWindows(env, createOpenCaseQueue());
    const window = windows.create() as unknown as Fake;
    window.minimized = true;
    windows.focus();
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });
});

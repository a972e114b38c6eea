// Wiring test for the main entry: Electron is mocked (the runtime cannot run here), the modules are real.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, PUSH_CHANNELS } from '../common/ipc-channels';
import { setLogSink } from './log';

beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

type Mock = ReturnType<typeof vi.fn>;
type FakeSession = { protocol: { handle: Mock }; webRequest: { onBeforeRequest: Mock }; setPermissionRequestHandler: Mock };
type FakeWindow = EventEmitter & { options: { webPreferences: Record<string, unknown> }; webContents: EventEmitter & { id: number; send: Mock }; loadURL: Mock };
type Refs = { ipcHandle: Mock; fromPartition: Mock; setApplicationMenu: Mock; defaultSession: FakeSession; printSession: FakeSession; windows: FakeWindow[] };

const fake = vi.hoisted(() => {
  const order: string[] = [];
  const state: { lock: boolean; ready: null | (() => void) } = { lock: true, ready: null };
  const refs: unknown = null;
  return { order, state, refs };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { order, state } = fake;

  const makeSession = (name: string) =>
    Object.assign(new Emitter(), {
      name,
      protocol: { handle: vi.fn() },
      webRequest: { onBeforeRequest: vi.fn() },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    });
  const defaultSession = makeSession('default');
  const printSession = makeSession('print');

  let readyResolve: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (readyResolve = resolve));
  state.ready = () => {
    order.push('ready');
    readyResolve();
  };

  let nextId = 1;
  const windows: unknown[] = [];
  class BrowserWindow extends Emitter {
    static getAllWindows = () => windows;
    static getFocusedWindow = () => null;
    static fromWebContents = () => null;
    readonly options: unknown;
    readonly webContents: EventEmitter & { id: number; send: ReturnType<typeof vi.fn>; loadURL?: unknown };
    readonly loadURL = vi.fn(() => Promise.resolve());
    constructor(options: unknown) {
      super();
      this.options = options;
      this.webContents = Object.assign(new Emitter(), { id: nextId++, send: vi.fn(), loadURL: this.loadURL });
      this.webContents.loadURL = this.loadURL;
      windows.push(this);
    }
    show = vi.fn();
    isMinimized = () => false;
    restore = vi.fn();
    focus = vi.fn();
    isDestroyed = () => false;
    destroy = vi.fn();
  }

  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    commandLine: { appendSwitch: vi.fn((name: string) => order.push(`switch:${name}`)) },
    enableSandbox: vi.fn(() => order.push('enableSandbox')),
    setName: vi.fn(),
    setPath: vi.fn(),
    getPath: (name: string) => `/fake/${name}`,
    getAppPath: () => '/fake/app',
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(() => order.push('quit')),
    isReady: () => order.includes('ready'),
    whenReady: () => readyPromise,
  });

  const ipcHandle = vi.fn();
  const fromPartition = vi.fn(() => printSession);
  const setApplicationMenu = vi.fn();
  fake.refs = { ipcHandle, fromPartition, setApplicationMenu, defaultSession, printSession, windows };
  return {
    app,
    BrowserWindow,
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    ipcMain: { handle: ipcHandle },
    Menu: { buildFromTemplate: vi.fn(() => ({})), setApplicationMenu },
    protocol: { registerSchemesAsPrivileged: vi.fn(() => order.push('registerSchemesAsPrivileged')) },
    session: { defaultSession, fromPartition },
  };
});

const electron = await import('electron');
const app = electron.app as unknown as EventEmitter & Record<string, Mock> & { isPackaged: boolean };
const refs = fake.refs as Refs;
const windows = () => refs.windows;
const { defaultSession, printSession, ipcHandle } = refs;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'caseline-main-'));
  writeFileSync(path.join(dir, 'incident.caseline'), 'CASE');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

await import('./index');

describe('before ready', () => {
  it('registers the scheme, forces the sandbox and cuts DNS before ready', () => {
    expect(fake.order.slice(0, 3)).toEqual(['registerSchemesAsPrivileged', 'enableSandbox', 'switch:host-resolver-rules']);
    expect(fake.order).not.toContain('ready');
  });

  it('pins the app name and a userData folder that does not depend on package.json', () => {
    expect(app.setName).toHaveBeenCalledWith('Caseline');
    expect(app.setPath).toHaveBeenCalledWith('userData', path.join('/fake/appData', 'Caseline-dev'));
  });

  it('hardens every web contents and session as they are created', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.listenerCount('will-frame-navigate')).toBe(1);
    expect(contents.listenerCount('will-attach-webview')).toBe(1);
    expect(contents.listenerCount('select-bluetooth-device')).toBe(1);

    const created = Object.assign(new EventEmitter(), { webRequest: { onBeforeRequest: vi.fn() }, setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() });
    app.emit('session-created', created);
    expect(created.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(created.webRequest.onBeforeRequest).toHaveBeenCalledOnce();
  });
});

describe('after ready', () => {
  beforeAll(async () => {
    fake.state.ready?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it('hardens the default and print sessions and serves each its own protocol', () => {
    for (const session of [defaultSession, printSession]) {
      expect(session.setPermissionRequestHandler).toHaveBeenCalledOnce();
      expect(session.webRequest.onBeforeRequest).toHaveBeenCalledOnce();
      expect(session.protocol.handle).toHaveBeenCalledOnce();
      expect(session.protocol.handle.mock.calls[0]?.[0]).toBe('app');
    }
    expect(refs.fromPartition).toHaveBeenCalledWith('caseline-print');
  });

  it('registers every IPC channel once', () => {
    expect(ipcHandle.mock.calls.map((call: unknown[]) => String(call[0])).sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
  });

  it('installs the menu and opens one sandboxed window on app://bundle', () => {
    expect(refs.setApplicationMenu).toHaveBeenCalledOnce();
    expect(windows()).toHaveLength(1);
    const [window] = windows();
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: true, devTools: true });
    expect(String(window?.options.webPreferences.preload)).toMatch(/preload\.cjs$/);
    expect(window?.loadURL).toHaveBeenCalledWith('app://bundle/index.html');
  });

  it('delivers a .caseline file from a second launch as a token once the page has loaded', async () => {
    const [window] = windows();
    if (window === undefined) throw new Error('no window');
    app.emit('second-instance', {}, ['/opt/caseline', '--flag', 'incident.caseline', 'notes.txt'], dir);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(window.webContents.send).not.toHaveBeenCalled();
    window.webContents.emit('did-finish-load');
    expect(window.webContents.send).toHaveBeenCalledOnce();
    const [channel, file] = window.webContents.send.mock.calls[0] as [string, Record<string, unknown>];
    expect(channel).toBe(PUSH_CHANNELS.openCaseFile);
    expect(file).toEqual({ token: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown, name: 'incident.caseline', size: 4 });
    expect(JSON.stringify(file)).not.toContain(dir);
  });

  it('the IPC handlers refuse a sender that is not our page', async () => {
    const handler = ipcHandle.mock.calls.find((call) => call[0] === INVOKE_CHANNELS.appInfo)?.[1] as (event: unknown) => Promise<unknown>;
    expect(await handler({ senderFrame: null })).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    const frame = { url: 'app://bundle/index.html', origin: 'app://bundle', parent: null };
    expect(await handler({ senderFrame: frame })).toMatchObject({ ok: true, value: { name: 'Caseline', version: '0.1.0' } });
  });
});

describe('second instance', () => {
  it('quits without wiring anything when another instance holds the lock', async () => {
    vi.resetModules();
    fake.state.lock = false;
    fake.order.length = 0;
    const listenersBefore = app.listenerCount('second-instance');
    await import('./index');
    expect(fake.order).toContain('quit');
    expect(app.listenerCount('second-instance')).toBe(listenersBefore);
  });
});

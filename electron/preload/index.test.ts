import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mainErrorCode } from '#shared/contracts/main-api';
import type { ChosenFile, MainApi, MenuCommand } from '#shared/contracts/main-api';
import { INVOKE_CHANNELS, PUSH_CHANNELS } from '../common/ipc-channels';

const electron = vi.hoisted(() => {
  // vi.hoisted runs before imports, so no EventEmitter yet: a minimal emitter by hand.
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const exposed: { key: string; api: unknown }[] = [];
  const ipcRenderer = {
    invoke: vi.fn((..._args: unknown[]): Promise<unknown> => Promise.resolve({ ok: true, value: null })),
    on(channel: string, listener: (...args: unknown[]) => void) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
    emit(channel: string, ...args: unknown[]) {
      for (const listener of listeners.get(channel) ?? []) listener(...args);
    },
    listenerCount: (channel: string) => listeners.get(channel)?.size ?? 0,
  };
  const contextBridge = { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.push({ key, api })) };
  return { ipcRenderer, contextBridge, exposed };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

await import('./index');

const exposed = electron.exposed[0];
const api = exposed?.api as MainApi;
const ipcEvent = { sender: electron.ipcRenderer, senderId: 0, ports: [] };

// Every MainApi key, checked both ways at the type level: a key added to MainApi fails to compile here until listed.
const MAIN_API_KEYS = ['openImportDialog', 'openCaseDialog', 'readChunk', 'saveFile', 'printToPdf', 'onMenuCommand', 'appInfo', 'onOpenCaseFile'] as const satisfies readonly (keyof MainApi)[];
type Missing = Exclude<keyof MainApi, (typeof MAIN_API_KEYS)[number]>;
const noneMissing: [Missing] extends [never] ? true : false = true;

beforeEach(() => {
  electron.ipcRenderer.invoke.mockReset();
  electron.ipcRenderer.invoke.mockImplementation(() => Promise.resolve({ ok: true, value: null }));
});

describe('exposed API', () => {
  it('exposes exactly one object, window.caseline', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(exposed?.key).toBe('caseline');
  });

  it("has exactly MainApi's keys, each a named function", () => {
    expect(noneMissing).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...MAIN_API_KEYS].sort());
    for (const key of MAIN_API_KEYS) {
      expect(typeof api[key]).toBe('function');
      expect(api[key].name).toBe(key);
    }
  });

  it('never hands out ipcRenderer, its methods or a generic invoke', async () => {
    const values: unknown[] = [...Object.values(api)];
    // Subscriptions return functions too: include them (and unsubscribe, so later tests start clean).
    const unsubscribers = [api.onMenuCommand(() => undefined), api.onOpenCaseFile(() => undefined)];
    values.push(...unsubscribers);
    for (const key of ['openImportDialog', 'openCaseDialog', 'appInfo'] as const) values.push(await api[key]());
    for (const value of values) {
      expect(value).not.toBe(electron.ipcRenderer);
      for (const method of Object.values(electron.ipcRenderer)) expect(value).not.toBe(method);
    }
    for (const unsubscribe of unsubscribers) {
      expect(unsubscribe()).toBeUndefined();
    }
    for (const key of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync', 'postMessage']) expect(api).not.toHaveProperty(key);
  });

  it('has no ipcRenderer in exposeInMainWorld (static)', () => {
    const source = readFileSync(path.join(import.meta.dirname, 'index.ts'), 'utf8');
    const exposeCalls = source.match(/exposeInMainWorld\([^)]*\)/g) ?? [];
    expect(exposeCalls).toEqual(["exposeInMainWorld('caseline', api)"]);
  });
});

describe('calls to main', () => {
  it('invokes the caseline: channel with the arguments as given', async () => {
    const token = '8a4a1c52-1f1e-4b59-9a55-0a3c1c1e2f3a';
    const bytes = new ArrayBuffer(3);
    await api.readChunk(token, 10, 20);
    await api.saveFile('r.html', bytes);
    await api.printToPdf('<p>x</p>');
    await api.openImportDialog();
    await api.openCaseDialog();
    await api.appInfo();
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [INVOKE_CHANNELS.readChunk, token, 10, 20],
      [INVOKE_CHANNELS.saveFile, 'r.html', bytes],
      [INVOKE_CHANNELS.printToPdf, '<p>x</p>'],
      [INVOKE_CHANNELS.openImportDialog],
      [INVOKE_CHANNELS.openCaseDialog],
      [INVOKE_CHANNELS.appInfo],
    ]);
  });

  it('unwraps ok envelopes and turns refusals into Errors carrying the code', async () => {
    const file: ChosenFile = { token: 't', name: 'a.json', size: 1 };
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: [file] });
    expect(await api.openImportDialog()).toEqual([file]);

    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'unknown-token', message: 'no chosen file has this token' } });
    const error = await api.readChunk('x', 0, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('unknown-token: no chosen file has this token');
    expect(mainErrorCode(error)).toBe('unknown-token');

    for (const malformed of [undefined, null, 'x', { ok: 'yes' }, { ok: false }, { ok: false, error: { code: 1 } }, { ok: true }]) {
      electron.ipcRenderer.invoke.mockResolvedValueOnce(malformed);
      const failure = await api.appInfo().catch((e: unknown) => e);
      expect(mainErrorCode(failure)).toBe('internal');
    }
  });
});

describe('push subscriptions', () => {
  it('delivers menu commands without the event object, drops unknown commands, and unsubscribes', () => {
    const received: unknown[][] = [];
    const unsubscribe = api.onMenuCommand((...args: unknown[]) => received.push(args));
    electron.ipcRenderer.emit(PUSH_CHANNELS.menuCommand, ipcEvent, 'import-alerts');
    electron.ipcRenderer.emit(PUSH_CHANNELS.menuCommand, ipcEvent, 'rm -rf');
    electron.ipcRenderer.emit(PUSH_CHANNELS.menuCommand, ipcEvent, { command: 'about' });
    electron.ipcRenderer.emit(PUSH_CHANNELS.menuCommand, ipcEvent, 'about', 'extra');
    expect(received).toEqual([['import-alerts'], ['about']]);
    const before = electron.ipcRenderer.listenerCount(PUSH_CHANNELS.menuCommand);
    unsubscribe();
    expect(electron.ipcRenderer.listenerCount(PUSH_CHANNELS.menuCommand)).toBe(before - 1);
    electron.ipcRenderer.emit(PUSH_CHANNELS.menuCommand, ipcEvent, 'about');
    expect(received).toHaveLength(2);
  });

  it('refuses a non-function listener', () => {
    expect(() => api.onMenuCommand('x' as unknown as (c: MenuCommand) => void)).toThrow(TypeError);
    expect(() => api.onOpenCaseFile(null as unknown as (f: ChosenFile) => void)).toThrow(TypeError);
  });

  it('holds opened case files until the first subscriber, copies only contract fields, then delivers live', () => {
    const early: ChosenFile & { path?: string } = { token: 't1', name: 'a.caseline', size: 3, path: '/secret/a.caseline' };
    electron.ipcRenderer.emit(PUSH_CHANNELS.openCaseFile, ipcEvent, early);
    electron.ipcRenderer.emit(PUSH_CHANNELS.openCaseFile, ipcEvent, { token: 5 });
    const received: unknown[][] = [];
    const unsubscribe = api.onOpenCaseFile((...args: unknown[]) => received.push(args));
    expect(received).toEqual([[{ token: 't1', name: 'a.caseline', size: 3 }]]);
    electron.ipcRenderer.emit(PUSH_CHANNELS.openCaseFile, ipcEvent, { token: 't2', name: 'b.caseline', size: 4 });
    expect(received).toHaveLength(2);
    unsubscribe();
    electron.ipcRenderer.emit(PUSH_CHANNELS.openCaseFile, ipcEvent, { token: 't3', name: 'c.caseline', size: 5 });
    expect(received).toHaveLength(2);
    // Held again for the next subscriber.
    const later: ChosenFile[] = [];
    api.onOpenCaseFile((f) => later.push(f));
    expect(later.map((f) => f.token)).toEqual(['t3']);
  });

  it('property: arbitrary pushes never reach a listener unless well-formed, and never throw', () => {
    const commands: MenuCommand[] = [];
    const files: ChosenFile[] = [];
    const offMenu = api.onMenuCommand((c) => commands.push(c));
    const offFiles = api.onOpenCaseFile((f) => files.push(f));
    fc.assert(
      fc.property(fc.anything(), (payload) => {
        electron.ipcRenderer.emit(PUSH_CHANNELS.menuCommand, ipcEvent, payload);
        electron.ipcRenderer.emit(PUSH_CHANNELS.openCaseFile, ipcEvent, payload);
      }),
    );
    for (const command of commands) expect(['import-alerts', 'open-case', 'export-report', 'open-demo', 'about']).toContain(command);
    for (const file of files) expect(Object.keys(file).sort()).toEqual(['name', 'size', 'token']);
    offMenu();
    offFiles();
  });
});

describe('preload source', () => {
  it('uses no EventEmitter from node (sandboxed preloads cannot require node:events)', () => {
    // The test file itself may; the preload source may not.
    expect(EventEmitter).toBeDefined();
    const source = readFileSync(path.join(import.meta.dirname, 'index.ts'), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((m) => m === 'electron' || m?.startsWith('#shared/contracts/') || m?.startsWith('../common/'))).toBe(true);
  });
});

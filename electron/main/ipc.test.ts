import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_PREFIX, MAIN_ERROR_CODES } from '#shared/contracts/main-api';
import { INVOKE_CHANNELS } from '../common/ipc-channels';
import type { IpcResult } from '../common/ipc-channels';
import { MainFailure } from './errors';
import type { FileService } from './files';
import { guardedHandler, isTrustedSender, registerHandler, registerMainApiHandlers } from './ipc';
import type { IpcMainPort, MainServices } from './ipc';
import { validateNoArgs } from './validate';
import { setLogSink } from './log';

// The refusals below are logged by design; keep the test output readable.
beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

type FakeFrame = { url: string; origin: string; parent: FakeFrame | null };

const topFrame: FakeFrame = { url: 'app://bundle/index.html', origin: 'app://bundle', parent: null };
const trusted = { senderFrame: topFrame, sender: { mainFrame: topFrame } } as unknown as IpcMainInvokeEvent;

function eventFrom(frame: unknown): IpcMainInvokeEvent {
  return { senderFrame: frame, sender: { mainFrame: topFrame } } as unknown as IpcMainInvokeEvent;
}

const untrustedEvents: [string, IpcMainInvokeEvent][] = [
  ['null senderFrame', eventFrom(null)],
  ['missing senderFrame', {} as IpcMainInvokeEvent],
  ['null event', null as unknown as IpcMainInvokeEvent],
  ['https://evil origin', eventFrom({ url: 'https://evil.example/', origin: 'https://evil.example', parent: null })],
  ['sub-frame on the app origin', eventFrom({ url: 'app://bundle/frame.html', origin: 'app://bundle', parent: topFrame })],
  ['sub-frame on another origin', eventFrom({ url: 'https://evil.example/', origin: 'https://evil.example', parent: topFrame })],
  ['app URL with a foreign origin (about:blank popup)', eventFrom({ url: 'app://bundle/', origin: 'null', parent: null })],
  ['app origin with a foreign URL', eventFrom({ url: 'data:text/html,x', origin: 'app://bundle', parent: null })],
  ['lookalike host', eventFrom({ url: 'app://bundle.evil/', origin: 'app://bundle.evil', parent: null })],
  ['print window origin', eventFrom({ url: 'app://print/1.html', origin: 'app://print', parent: null })],
  ['file:// page', eventFrom({ url: 'file:///tmp/x.html', origin: 'file://', parent: null })],
  [
    'disposed frame that throws on access',
    eventFrom(
      new Proxy(
        {},
        {
          get() {
            throw new Error('Render frame was disposed before WebFrameMain could be accessed');
          },
        },
      ),
    ),
  ],
];

describe('isTrustedSender', () => {
  it('trusts our top frame on app://bundle', () => {
    expect(isTrustedSender(trusted)).toBe(true);
  });

  it.each(untrustedEvents)('refuses %s', (_label, event) => {
    expect(isTrustedSender(event)).toBe(false);
  });

  it('property: never throws, and trusts nothing that is not exactly our frame', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true }), (value) => isTrustedSender(value) === false));
    fc.assert(fc.property(fc.record({ senderFrame: fc.record({ url: fc.oneof(fc.webUrl(), fc.string()), origin: fc.string(), parent: fc.constant(null) }) }), (event) => isTrustedSender(event) === false));
  });
});

describe('guardedHandler', () => {
  it('refuses untrusted senders before validating or running anything', async () => {
    const run = vi.fn(() => Promise.resolve('ran'));
    const validate = vi.fn(validateNoArgs);
    const handler = guardedHandler('caseline:test', validate, run);
    for (const [label, event] of untrustedEvents) {
      expect(await handler(event), label).toEqual({ ok: false, error: { code: 'forbidden-sender', message: 'this sender may not call main' } });
    }
    expect(validate).not.toHaveBeenCalled();
    expect(run).not.toHaveBeenCalled();
  });

  it('returns the value in an envelope, and failures as plain typed errors', async () => {
    expect(await guardedHandler('caseline:t', validateNoArgs, () => Promise.resolve(7))(trusted)).toEqual({ ok: true, value: 7 });
    expect(await guardedHandler('caseline:t', validateNoArgs, () => Promise.resolve(7))(trusted, 'extra')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const known = await guardedHandler('caseline:t', validateNoArgs, () => Promise.reject(new MainFailure('unknown-token', 'no such token')))(trusted);
    expect(known).toEqual({ ok: false, error: { code: 'unknown-token', message: 'no such token' } });
    const unknown = await guardedHandler('caseline:t', validateNoArgs, () => Promise.reject(Object.assign(new Error('secret /home/x'), { extra: 1 })))(trusted);
    expect(unknown).toEqual({ ok: false, error: { code: 'internal', message: 'unexpected error in main' } });
    const thrownNonError = await guardedHandler('caseline:t', validateNoArgs, () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the point: a non-Error thrown in main
      throw { weird: true };
    })(trusted);
    expect(thrownNonError).toEqual({ ok: false, error: { code: 'internal', message: 'unexpected error in main' } });
  });

  it('refuses channels without the caseline: prefix at registration', () => {
    const handle = vi.fn();
    expect(() => registerHandler({ handle }, 'open-dialog', validateNoArgs, () => Promise.resolve(1))).toThrow(/prefix/);
    expect(handle).not.toHaveBeenCalled();
  });
});

describe('registerMainApiHandlers', () => {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainPort = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const readChunk = vi.fn((_token: string, _offset: number, _length: number) => Promise.resolve(new ArrayBuffer(3)));
  const files: FileService = {
    openImportDialog: vi.fn(() => Promise.resolve([{ token: 't', name: 'a.json', size: 1 }])),
    openCaseDialog: vi.fn(() => Promise.resolve([])),
    registerPath: vi.fn(() => Promise.resolve(null)),
    readChunk,
    saveFile: vi.fn(() => Promise.resolve('x.html')),
  };
  const services: MainServices = {
    files,
    pdf: { printToPdf: vi.fn(() => Promise.resolve(new ArrayBuffer(5))) },
    appInfo: () => ({ name: 'Caseline', version: '0.1.0', electron: '45.4.1', chrome: '142' }),
    windowOf: () => null,
  };
  registerMainApiHandlers(ipc, services);

  it('registers exactly the INVOKE_CHANNELS, all prefixed', () => {
    expect([...handlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    for (const channel of handlers.keys()) expect(channel.startsWith(IPC_PREFIX)).toBe(true);
  });

  it('routes validated calls to the services', async () => {
    const token = '8a4a1c52-1f1e-4b59-9a55-0a3c1c1e2f3a';
    const call = (channel: string, ...args: unknown[]) => handlers.get(channel)?.(trusted, ...args);
    expect(await call(INVOKE_CHANNELS.openImportDialog)).toEqual({ ok: true, value: [{ token: 't', name: 'a.json', size: 1 }] });
    expect(await call(INVOKE_CHANNELS.readChunk, token, 0, 3)).toMatchObject({ ok: true });
    expect(readChunk).toHaveBeenCalledWith(token, 0, 3);
    expect(await call(INVOKE_CHANNELS.saveFile, 'x.html', new ArrayBuffer(2))).toEqual({ ok: true, value: 'x.html' });
    expect(await call(INVOKE_CHANNELS.printToPdf, '<p>x</p>')).toMatchObject({ ok: true });
    expect(await call(INVOKE_CHANNELS.appInfo)).toEqual({ ok: true, value: { name: 'Caseline', version: '0.1.0', electron: '45.4.1', chrome: '142' } });
  });

  it('property: fc.anything() payloads on every channel give a typed result, never a throw, and never reach the services with bad input', async () => {
    readChunk.mockClear();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...handlers.keys()), fc.array(fc.anything({ withTypedArray: true, withNullPrototype: true, withBigInt: true, withMap: true, withSet: true }), { maxLength: 4 }), fc.boolean(), async (channel, args, fromTrusted) => {
        const handler = handlers.get(channel);
        if (handler === undefined) throw new Error('no handler');
        const result = (await handler(fromTrusted ? trusted : eventFrom(null), ...args)) as IpcResult<unknown>;
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) {
          expect(MAIN_ERROR_CODES).toContain(result.error.code);
          expect(Object.keys(result.error).sort()).toEqual(['code', 'message']);
          expect(result.error).not.toBeInstanceOf(Error);
        }
        if (!fromTrusted) expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
      }),
      { numRuns: 1000 },
    );
    for (const [token, offset, length] of readChunk.mock.calls) {
      expect(token).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isSafeInteger(offset) && offset >= 0).toBe(true);
      expect(Number.isSafeInteger(length) && length >= 0).toBe(true);
    }
  });
});

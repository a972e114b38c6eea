import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, Session } from 'electron';
import { setLogSink } from './log';
import { MainFailure } from './errors';
import { createPdfPrinter, createPrintRoutes, installPrintProtocol, PRINT_CSP } from './pdf';

beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

describe('print routes', () => {
  it('serves each page once by token, with a script-free CSP, and forgets it on remove', async () => {
    const routes = createPrintRoutes();
    const { token, url } = routes.add('<h1>Report</h1>');
    expect(url).toBe(`app://print/${token}.html`);
    const response = routes.handler(new Request(url));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<h1>Report</h1>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(PRINT_CSP);
    routes.remove(token);
    expect(routes.size).toBe(0);
    expect(routes.handler(new Request(url)).status).toBe(404);
  });

  it('has a CSP with no script source at all', () => {
    expect(PRINT_CSP).toContain("default-src 'none'");
    expect(PRINT_CSP).not.toMatch(/script-src|unsafe-eval|\*/);
  });

  it('refuses other hosts, paths, methods and unknown tokens', () => {
    const routes = createPrintRoutes();
    const { token } = routes.add('<p>x</p>');
    for (const url of [`app://bundle/${token}.html`, `app://print/${token}.htm`, 'app://print/index.html', `app://print/x/${token}.html`, 'app://print/8a4a1c52-1f1e-4b59-9a55-0a3c1c1e2f3a.html']) {
      expect(routes.handler(new Request(url)).status, url).toBe(404);
    }
    expect(routes.handler(new Request(`app://print/${token}.html`, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('installs only the print routes on the print session', () => {
    const handle = vi.fn();
    const routes = createPrintRoutes();
    installPrintProtocol({ protocol: { handle } } as unknown as Session, routes);
    expect(handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});

type FakeWindow = { webContents: EventEmitter & { printToPDF: ReturnType<typeof vi.fn> }; loadURL: ReturnType<typeof vi.fn>; destroy: ReturnType<typeof vi.fn>; isDestroyed: () => boolean };

function fakeWindow(options: { load?: () => Promise<void>; pdf?: () => Promise<Buffer> } = {}): FakeWindow {
  let destroyed = false;
  return {
    webContents: Object.assign(new EventEmitter(), { printToPDF: vi.fn(options.pdf ?? (() => Promise.resolve(Buffer.from('%PDF-1.7 fake')))) }),
    loadURL: vi.fn(options.load ?? (() => Promise.resolve())),
    destroy: vi.fn(() => {
      destroyed = true;
    }),
    isDestroyed: () => destroyed,
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof MainFailure)) throw new Error('expected a MainFailure');
  return error.code;
}

describe('createPdfPrinter', () => {
  it('loads the HTML from a one-shot print route in a fresh window, prints, and cleans up', async () => {
    const routes = createPrintRoutes();
    const window = fakeWindow({
      load: () => {
        // While loading, the route exists and serves the report.
        expect(routes.size).toBe(1);
        return Promise.resolve();
      },
    });
    const printer = createPdfPrinter({ routes, createPrintWindow: () => window as unknown as BrowserWindow });
    const pdf = await printer.printToPdf('<h1>Incident</h1>');
    expect(new TextDecoder().decode(pdf)).toBe('%PDF-1.7 fake');
    expect(pdf).toBeInstanceOf(ArrayBuffer);
    expect(window.loadURL).toHaveBeenCalledWith(expect.stringMatching(/^app:\/\/print\/[0-9a-f-]{36}\.html$/));
    expect(window.webContents.printToPDF).toHaveBeenCalledWith({ printBackground: true, pageSize: 'A4', preferCSSPageSize: true });
    expect(routes.size).toBe(0);
    expect(window.destroy).toHaveBeenCalledOnce();
  });

  it('denies all navigation in the print window', async () => {
    const window = fakeWindow();
    await createPdfPrinter({ routes: createPrintRoutes(), createPrintWindow: () => window as unknown as BrowserWindow }).printToPdf('<p/>');
    const event = { preventDefault: vi.fn() };
    window.webContents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('refuses a second print while one runs', async () => {
    let finishLoad: () => void = () => undefined;
    const window = fakeWindow({ load: () => new Promise<void>((resolve) => (finishLoad = resolve)) });
    const printer = createPdfPrinter({ routes: createPrintRoutes(), createPrintWindow: () => window as unknown as BrowserWindow });
    const first = printer.printToPdf('<p>1</p>');
    expect(await codeOf(printer.printToPdf('<p>2</p>'))).toBe('busy');
    finishLoad();
    await first;
    const third = printer.printToPdf('<p>3</p>');
    finishLoad();
    await expect(third).resolves.toBeInstanceOf(ArrayBuffer);
  });

  it('times out, and cleans up after failures', async () => {
    const routes = createPrintRoutes();
    const hanging = fakeWindow({ load: () => new Promise<void>(() => undefined) });
    const printer = createPdfPrinter({ routes, createPrintWindow: () => hanging as unknown as BrowserWindow, timeoutMs: 20 });
    expect(await codeOf(printer.printToPdf('<p/>'))).toBe('internal');
    expect(hanging.destroy).toHaveBeenCalled();
    expect(routes.size).toBe(0);

    const broken = fakeWindow({ pdf: () => Promise.reject(new Error('printing failed')) });
    const printer2 = createPdfPrinter({ routes, createPrintWindow: () => broken as unknown as BrowserWindow });
    expect(await codeOf(printer2.printToPdf('<p/>'))).toBe('internal');
    expect(broken.destroy).toHaveBeenCalled();
    expect(routes.size).toBe(0);
  });
});

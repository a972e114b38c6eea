// Print-to-PDF (SECURITY-NOTES A10, X3). The report HTML (already sanitized by the renderer, X2) is loaded in a
// hidden window made by the prefs factory with JavaScript off, no preload and its own in-memory session, from a
// one-shot `app://print/<token>.html` route on that session. Not a data: URL: Chromium caps URLs at 2 MB and
// reports are bigger. The print origin (app://print) is not the app origin, and the print session serves nothing
// from the bundle, so the page can reach neither the app's storage nor its files.
import { randomUUID } from 'node:crypto';
import type { BrowserWindow, Session } from 'electron';
import { MainFailure } from './errors';
import { createLogger, describeError } from './log';
import { denyAllNavigation } from './navigation';

const log = createLogger('pdf');

export const PRINT_HOST = 'print';
export const PRINT_TIMEOUT_MS = 60_000;

/** No script at all; inline styles and data: images only (matches the X2 report's own meta CSP). */
export const PRINT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'";

export type PrintRoutes = {
  add(html: string): { token: string; url: string };
  remove(token: string): void;
  handler(request: Request): Response;
  readonly size: number;
};

export function createPrintRoutes(newToken: () => string = randomUUID): PrintRoutes {
  const pages = new Map<string, string>();
  const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': "default-src 'none'" } });
  return {
    add(html) {
      const token = newToken();
      pages.set(token, html);
      return { token, url: `app://${PRINT_HOST}/${token}.html` };
    },
    remove(token) {
      pages.delete(token);
    },
    handler(request) {
      if (request.method !== 'GET') return notFound();
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return notFound();
      }
      const match = /^\/([0-9a-f-]{36})\.html$/.exec(url.pathname);
      const html = url.protocol === 'app:' && url.host === PRINT_HOST && match?.[1] !== undefined ? pages.get(match[1]) : undefined;
      if (html === undefined) return notFound();
      return new Response(html, {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PRINT_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' },
      });
    },
    get size() {
      return pages.size;
    },
  };
}

/** Serve the print routes on the print window's session (and nothing else: no bundle there). */
export function installPrintProtocol(session: Session, routes: PrintRoutes): void {
  session.protocol.handle('app', (request) => routes.handler(request));
}

export type PdfPrinterDeps = {
  routes: PrintRoutes;
  /** A hidden window from the prefs factory, kind 'print'. */
  createPrintWindow(): BrowserWindow;
  timeoutMs?: number;
};

export type PdfPrinter = { printToPdf(html: string): Promise<ArrayBuffer> };

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new MainFailure('internal', `${what} timed out`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createPdfPrinter(deps: PdfPrinterDeps): PdfPrinter {
  const timeoutMs = deps.timeoutMs ?? PRINT_TIMEOUT_MS;
  let busy = false;
  return {
    async printToPdf(html) {
      // One hidden window at a time: a renderer looping on printToPdf must not spawn windows without bound.
      if (busy) throw new MainFailure('busy', 'a PDF is already being printed');
      busy = true;
      const { token, url } = deps.routes.add(html);
      let window: BrowserWindow | null = null;
      try {
        window = deps.createPrintWindow();
        denyAllNavigation(window.webContents);
        await withTimeout(window.loadURL(url), timeoutMs, 'loading the report');
        const pdf = await withTimeout(window.webContents.printToPDF({ printBackground: true, pageSize: 'A4', preferCSSPageSize: true }), timeoutMs, 'printing');
        return pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength) as ArrayBuffer;
      } catch (error) {
        if (error instanceof MainFailure) throw error;
        log.warn('print failed', { error: describeError(error) });
        throw new MainFailure('internal', 'printing the report failed');
      } finally {
        deps.routes.remove(token);
        if (window !== null && !window.isDestroyed()) window.destroy();
        busy = false;
      }
    },
  };
}

// The `app://bundle/` origin (SECURITY-NOTES A2, A3): the renderer is served from dist/web inside the app (asar)
// through protocol.handle, never file://. The origin is a data contract (IndexedDB is origin-keyed), see APP_ORIGIN.
import nodePath from 'node:path';
import { promises as fs } from 'node:fs';
import { protocol } from 'electron';
import type { Session } from 'electron';
import { APP_ORIGIN } from '#shared/contracts/main-api';
import { createLogger, describeError } from './log';

const log = createLogger('protocol');

export const APP_SCHEME = 'app';
export const BUNDLE_HOST = 'bundle';
/** Where the app starts. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Must run before `app` is ready, once. `standard` gives the scheme a real origin (and with it IndexedDB and
 * localStorage, which are disabled for non-standard schemes); `secure` makes it a secure context; `supportFetchAPI`
 * lets the renderer fetch its own assets. No `bypassCSP`, no `corsEnabled`, no service workers.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * The enforced policy for every bundle response (A3), with two deliberate differences from the A3 text:
 * - `style-src 'self' 'unsafe-inline'`: React `style={...}` props and Cytoscape's container styles are inline style
 *   attributes, which a `style-src 'self'` policy blocks. Inline *script* stays forbidden.
 * - Trusted Types are sent as Report-Only (BUNDLE_CSP_REPORT_ONLY), not enforced: with `require-trusted-types-for
 *   'script'` every `new Worker(url)` needs a TrustedScriptURL, so the Vite worker entry (and any library that
 *   creates a worker or assigns a script URL) fails unless the renderer first creates a policy named `app`. Until
 *   the renderer does that and the e2e CSP smoke test passes under enforcement, violations are reported in the
 *   console instead of breaking the engine worker. Move the two directives into BUNDLE_CSP to enforce them.
 */
export const BUNDLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const BUNDLE_CSP_REPORT_ONLY = "require-trusted-types-for 'script'; trusted-types dompurify app";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  const ext = nodePath.extname(filePath).toLowerCase();
  return (Object.hasOwn(CONTENT_TYPES, ext) ? CONTENT_TYPES[ext] : undefined) ?? 'application/octet-stream';
}

type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>;

/**
 * Map a URL path (still percent-encoded, e.g. `new URL(u).pathname`) to a file inside `root`, or null.
 * Decodes exactly once, then refuses anything that could climb or name another place instead of trying to
 * clean it up: `.`/`..` segments, empty segments (`//`, UNC), backslashes, `:` (drive letters, ADS), NUL and other
 * control characters, and a `%` left after decoding (double encoding). The result is finally checked to lie
 * strictly inside root. `/` maps to index.html.
 */
export function resolveBundlePath(root: string, urlPath: string, pathApi: PathApi = nodePath): string | null {
  if (typeof urlPath !== 'string' || !urlPath.startsWith('/') || urlPath.length > 2048) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded === '/') decoded = '/index.html';
  if (hasForbiddenPathChar(decoded)) return null;
  const segments = decoded.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return null;
  }
  const base = pathApi.resolve(root);
  const resolved = pathApi.resolve(base, ...segments);
  return isStrictlyInside(base, resolved, pathApi) ? resolved : null;
}

function hasForbiddenPathChar(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    // controls (NUL included), DEL, `\`, `:`, `%`
    if (c < 0x20 || c === 0x7f || c === 0x5c || c === 0x3a || c === 0x25) return true;
  }
  return false;
}

/** True when `target` is below `base` (not equal to it), by path.relative, on the given platform's rules. */
export function isStrictlyInside(base: string, target: string, pathApi: PathApi = nodePath): boolean {
  const relative = pathApi.relative(base, target);
  return relative !== '' && !pathApi.isAbsolute(relative) && relative !== '..' && !relative.startsWith(`..${pathApi.sep}`);
}

export type BundleFs = {
  realpath(p: string): Promise<string>;
  stat(p: string): Promise<{ isFile(): boolean }>;
  readFile(p: string): Promise<Uint8Array<ArrayBuffer>>;
};

const nodeBundleFs: BundleFs = {
  realpath: (p) => fs.realpath(p),
  stat: (p) => fs.stat(p),
  readFile: (p) => fs.readFile(p),
};

export function bundleHeaders(filePath: string): Record<string, string> {
  return {
    'Content-Type': contentTypeFor(filePath),
    'Content-Security-Policy': BUNDLE_CSP,
    'Content-Security-Policy-Report-Only': BUNDLE_CSP_REPORT_ONLY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

function textResponse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': "default-src 'none'", 'X-Content-Type-Options': 'nosniff' },
  });
}

/** The protocol.handle handler for `app://bundle/...`, serving files under `root`. */
export function createBundleHandler(root: string, bundleFs: BundleFs = nodeBundleFs): (request: Request) => Promise<Response> {
  let realRoot: Promise<string> | null = null;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return textResponse(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== BUNDLE_HOST || url.username !== '' || url.password !== '') {
      return textResponse(404, 'Not found');
    }
    const filePath = resolveBundlePath(root, url.pathname);
    if (filePath === null) {
      log.warn('refused bundle path', { path: url.pathname.slice(0, 200) });
      return textResponse(404, 'Not found');
    }
    try {
      // Resolve symlinks (an unpackaged dist/web could contain them) and check containment again.
      realRoot ??= bundleFs.realpath(root);
      // (A failed realpath of the root stays cached: every request then answers 404, and the log says why.)
      const [rootReal, fileReal] = await Promise.all([realRoot, bundleFs.realpath(filePath)]);
      if (!isStrictlyInside(rootReal, fileReal)) return textResponse(404, 'Not found');
      if (!(await bundleFs.stat(fileReal)).isFile()) return textResponse(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await bundleFs.readFile(fileReal);
      return new Response(body, { status: 200, headers: bundleHeaders(fileReal) });
    } catch (error) {
      log.warn('bundle file not served', { path: url.pathname.slice(0, 200), error: describeError(error) });
      return textResponse(404, 'Not found');
    }
  };
}

/** Serve the bundle on a session (the default session: the app window's). */
export function installBundleProtocol(session: Session, root: string): void {
  session.protocol.handle(APP_SCHEME, createBundleHandler(root));
}

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setLogSink } from './log';

// The refusals below are logged by design; keep the test output readable.
beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

const registered = vi.hoisted(() => [] as unknown[]);
vi.mock('electron', () => ({
  protocol: { registerSchemesAsPrivileged: (schemes: unknown) => registered.push(schemes) },
}));

const { APP_ENTRY_URL, BUNDLE_CSP, BUNDLE_CSP_REPORT_ONLY, contentTypeFor, createBundleHandler, isStrictlyInside, registerAppScheme, resolveBundlePath } = await import('./protocol');
const { APP_ORIGIN } = await import('#shared/contracts/main-api');

describe('app:// scheme', () => {
  it('keeps the origin that IndexedDB data is keyed on', () => {
    expect(APP_ORIGIN).toBe('app://bundle');
    expect(APP_ENTRY_URL).toBe('app://bundle/index.html');
  });

  it('registers app: as standard, secure and fetchable, and nothing more', () => {
    registerAppScheme();
    expect(registered).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
  });
});

const POSIX_ROOT = '/opt/Caseline/resources/app.asar/dist/web';
const WIN_ROOT = 'C:\\Program Files\\Caseline\\resources\\app.asar\\dist\\web';

const hostile = [
  '/..',
  '/../etc/passwd',
  '/../../../../etc/passwd',
  '/assets/../../secret',
  '/%2e%2e/secret',
  '/%2E%2E/%2e%2E/secret',
  '/..%2fsecret',
  '/%2e%2e%2f%2e%2e%2fsecret',
  '/assets%2f..%2f..%2fsecret',
  '/..\\secret',
  '/%5c..%5csecret',
  '/assets\\..\\..\\secret',
  '/index.html%00.js',
  '/index.html\u0000',
  '/C:/Windows/win.ini',
  '/C:%5cWindows%5cwin.ini',
  '/c:secret',
  '//server/share/x.js',
  '/%2f%2fserver%2fshare%2fx.js',
  '/\\\\server\\share\\x.js',
  '/%5c%5cserver%5cshare',
  '/%252e%252e/secret',
  '/%25252e%25252e/secret',
  '/%252f..%252fsecret',
  '/.',
  '/./index.html',
  '/assets//x.js',
  '/%',
  '/%zz',
  '/%c0%ae%c0%ae/secret',
  '/index.html:stream',
  'index.html',
  '',
];

function hostilePathArbitrary(): fc.Arbitrary<string> {
  const pieces = fc.constantFrom('..', '.', '%2e', '%2E', '%2e%2e', '%2f', '%2F', '%5c', '\\', '/', '%00', '\u0000', 'C:', 'c:', '%3a', ':', '%25', '%252e', '%252f', '//', 'assets', 'index.html', 'x.js', '%', '%c0%ae', ' ', '~');
  return fc.array(fc.oneof(pieces, fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => `/${parts.join('')}`);
}

describe('resolveBundlePath', () => {
  it('maps ordinary asset paths inside the root', () => {
    expect(resolveBundlePath(POSIX_ROOT, '/', path.posix)).toBe(`${POSIX_ROOT}/index.html`);
    expect(resolveBundlePath(POSIX_ROOT, '/index.html', path.posix)).toBe(`${POSIX_ROOT}/index.html`);
    expect(resolveBundlePath(POSIX_ROOT, '/assets/index-Dx3k.js', path.posix)).toBe(`${POSIX_ROOT}/assets/index-Dx3k.js`);
    expect(resolveBundlePath(POSIX_ROOT, '/assets/My%20Font.woff2', path.posix)).toBe(`${POSIX_ROOT}/assets/My Font.woff2`);
    expect(resolveBundlePath(POSIX_ROOT, '/caf%C3%A9.svg', path.posix)).toBe(`${POSIX_ROOT}/café.svg`);
    expect(resolveBundlePath(WIN_ROOT, '/assets/index.js', path.win32)).toBe(`${WIN_ROOT}\\assets\\index.js`);
  });

  it.each(hostile)('rejects %j on POSIX and Windows', (input) => {
    expect(resolveBundlePath(POSIX_ROOT, input, path.posix)).toBeNull();
    expect(resolveBundlePath(WIN_ROOT, input, path.win32)).toBeNull();
  });

  it('property: any path resolves strictly inside the root or is rejected (POSIX and Windows rules)', () => {
    fc.assert(
      fc.property(fc.oneof(hostilePathArbitrary(), fc.string(), fc.webPath()), (input) => {
        for (const [root, api] of [[POSIX_ROOT, path.posix], [WIN_ROOT, path.win32]] as const) {
          const result = resolveBundlePath(root, input, api);
          if (result === null) continue;
          expect(isStrictlyInside(root, result, api)).toBe(true);
          expect(api.relative(root, result).split(api.sep)).not.toContain('..');
          expect(result.includes('\u0000')).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('property: a path with a climbing segment anywhere is always rejected', () => {
    const segment = fc.stringMatching(/^[a-zA-Z0-9_-]{1,8}$/);
    const climb = fc.constantFrom('..', '%2e%2e', '%2E%2e', '.%2e', '%2e.');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), climb, fc.array(segment, { maxLength: 4 }), fc.constantFrom('/', '%2f', '%2F'), (before, up, after, sep) => {
        const input = `/${[...before, up, ...after].join(sep)}`;
        expect(resolveBundlePath(POSIX_ROOT, input, path.posix)).toBeNull();
        expect(resolveBundlePath(WIN_ROOT, input, path.win32)).toBeNull();
      }),
    );
  });

  it('property: never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(() => resolveBundlePath(POSIX_ROOT, input as string)).not.toThrow();
      }),
    );
  });
});

describe('contentTypeFor', () => {
  it('gives module scripts a JavaScript type (browsers refuse others) and HTML a charset', () => {
    expect(contentTypeFor('/a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/a/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/a/x.mjs')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/a/x.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/a/x.wasm')).toBe('application/wasm');
    expect(contentTypeFor('/a/x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/a/x.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('/a/x.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('/a/x')).toBe('application/octet-stream');
    expect(contentTypeFor('/a/x.constructor')).toBe('application/octet-stream');
    expect(contentTypeFor('/a/x.__proto__')).toBe('application/octet-stream');
  });
});

describe('CSP (A3)', () => {
  const directives = new Map(BUNDLE_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

  it('is strict: nothing by default, scripts only from the bundle, no objects, frames, forms or base', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives.get('font-src')).toEqual(["'self'"]);
    expect(directives.get('worker-src')).toEqual(["'self'", 'blob:']);
    for (const name of ['object-src', 'base-uri', 'form-action', 'frame-src', 'frame-ancestors']) expect(directives.get(name)).toEqual(["'none'"]);
  });

  it("loosens only style-src, with 'unsafe-inline' for React style props and Cytoscape", () => {
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(BUNDLE_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });

  it('reports Trusted Types violations without enforcing them yet', () => {
    expect(BUNDLE_CSP_REPORT_ONLY).toBe("require-trusted-types-for 'script'; trusted-types dompurify app");
  });
});

describe('bundle handler (real files)', () => {
  let dir: string;
  let root: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'caseline-protocol-'));
    root = path.join(dir, 'web');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Caseline</title>');
    writeFileSync(path.join(root, 'assets', 'app.js'), 'export const x = 1;');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside the bundle');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
    handler = createBundleHandler(root);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves index.html for / with the CSP and security headers', async () => {
    const response = await handler(new Request('app://bundle/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Caseline</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(BUNDLE_CSP);
    expect(response.headers.get('content-security-policy-report-only')).toBe(BUNDLE_CSP_REPORT_ONLY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('serves scripts with a JavaScript MIME type, and HEAD without a body', async () => {
    const response = await handler(new Request('app://bundle/assets/app.js?v=1#x'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('export const x = 1;');
    const head = await handler(new Request('app://bundle/assets/app.js', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses traversal, symlinks out of the bundle, directories, other hosts and methods', async () => {
    const refused = [
      'app://bundle/%2e%2e/secret.txt',
      'app://bundle/..%2fsecret.txt',
      'app://bundle/assets/..%5c..%5csecret.txt',
      'app://bundle/assets/link.txt',
      'app://bundle/assets',
      'app://bundle/missing.js',
      'app://evil/index.html',
      'app://bundle.evil/index.html',
      'app://user@bundle/index.html',
      'app://print/index.html',
    ];
    for (const url of refused) {
      // A plain object: undici's Request refuses URLs with credentials, Chromium's request may still carry them.
      const response = await handler({ url, method: 'GET' } as Request);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('outside the bundle');
    }
    expect((await handler(new Request('app://bundle/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

// Serve the web build on 127.0.0.1 (npm run web), with the same CSP the Electron shell sends.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'";

/** Start a static server for `root` on 127.0.0.1; resolves with its URL and a close function. */
export const startServer = ({ root = 'dist/web', port = 0 } = {}) =>
  new Promise((resolvePromise, reject) => {
    const base = resolve(root);
    const server = createServer(async (req, res) => {
      try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        let path = decodeURIComponent(url.pathname);
        if (path.endsWith('/')) path += 'index.html';
        const file = normalize(join(base, path));
        if (file !== base && !file.startsWith(base + sep)) {
          res.writeHead(403).end();
          return;
        }
        const st = await stat(file).catch(() => undefined);
        if (!st?.isFile()) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        res.writeHead(200, {
          'content-type': MIME[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CSP,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-cache',
          'content-length': String(st.size),
        });
        // Streamed, so a large file (the import bench's input) never sits whole in memory.
        if (req.method === 'HEAD') res.end();
        else createReadStream(file).pipe(res);
      } catch {
        res.writeHead(500).end();
      }
    });
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      resolvePromise({ url: `http://127.0.0.1:${addr.port}/`, close: () => new Promise((r) => server.close(() => r(undefined))) });
    });
  });

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const port = Number(process.env.PORT ?? 5178);
  const { url } = await startServer({ port });
  console.log(`Caseline web build: ${url}`);
}

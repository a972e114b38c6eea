/* global Worker */
// What IndexedDB costs the thread that writes, by row size and form, in Chromium: the engine writes three rows per
// chunk of 1,000 alerts (columns, compact entities, body), and the time its `add` calls take is a large share of its
// CPU during an import. Each form is written `--rows` times, one row per transaction, four transactions in flight
// (as the import writes), in a dedicated worker on a persistent profile.
//   node bench/idb-rows.mjs [--rows 100] [--rounds 3]
// Prints one JSON object: per form, per round, [wall ms to write, ms spent inside the add calls, wall ms to read
// back] for all its rows.
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../scripts/chromium.mjs';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rows = arg('rows', 100);
const rounds = arg('rounds', 3);

// A page of our own origin (IndexedDB needs one), served from memory.
const server = http.createServer((_req, res) => {
  res.setHeader('content-type', 'text/html');
  res.end('<!doctype html><title>idb rows</title>');
});
await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
const port = server.address().port;
const profile = mkdtempSync(join(tmpdir(), 'caseline-idb-rows-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_FLAGS,
});
try {
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const result = await page.evaluate(
    async ({ rows, rounds }) => {
      const worker = `
        const open = (name) => new Promise((res, rej) => {
          const r = indexedDB.open(name, 1);
          r.onupgradeneeded = () => r.result.createObjectStore('s', { keyPath: 'seq' });
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        // JSON-like text of about 170 bytes a piece, distinct from row to row.
        const pieces = (n, salt) => Array.from({ length: n }, (_, i) => JSON.stringify({ sourceAlertId: 'da' + ((i * 2654435761) >>> 0).toString(16) + salt, techniques: ['T1041'], ev: ['suspicious', 'unknown', 'malicious'] }) + 'x'.repeat(70));
        const forms = {};
        // One string of this many kB (one-byte text).
        for (const kb of [60, 200, 400, 600]) forms['string ' + kb + ' kB'] = (s) => ({ seq: s, v: pieces(Math.ceil(kb * 1000 / 170) + 1, s).join('').slice(0, kb * 1000) });
        // The same 1,000 pieces as 1,000 strings, or joined with their offsets.
        forms['1,000 strings'] = (s) => ({ seq: s, v: pieces(1000, s) });
        // Strings as one, with the offset of each.
        const joined = (s, p) => {
          const off = new Uint32Array(p.length + 1);
          p.forEach((t, i) => (off[i + 1] = off[i] + t.length));
          return { seq: s, v: p.join(''), off };
        };
        forms['1,000 joined'] = (s) => joined(s, pieces(1000, s));
        // An incident chunk's ids: 10,000 short strings (incident and alert ids), or joined.
        const ids = (n, salt) => Array.from({ length: n }, (_, i) => 'inc-' + ((i * 2654435761) >>> 0).toString(36) + salt + 'graph:da' + i.toString(16));
        forms['10,000 ids'] = (s) => ({ seq: s, v: ids(10000, s) });
        forms['10,000 ids joined'] = (s) => joined(s, ids(10000, s));
        onmessage = async ({ data: { rows, rounds } }) => {
          const out = {};
          for (let round = 0; round < rounds; round++) {
            for (const [name, make] of Object.entries(forms)) {
              const db = await open(name + ' ' + round);
              const values = Array.from({ length: rows }, (_, i) => make(i + 1));
              const t0 = performance.now();
              let inAdd = 0;
              const inFlight = [];
              for (const value of values) {
                const c0 = performance.now();
                inFlight.push(new Promise((ok, ko) => {
                  const tx = db.transaction('s', 'readwrite', { durability: 'relaxed' });
                  tx.oncomplete = ok;
                  tx.onerror = () => ko(tx.error);
                  tx.objectStore('s').add(value);
                }));
                inAdd += performance.now() - c0;
                if (inFlight.length >= 4) await inFlight.shift();
              }
              await Promise.all(inFlight);
              const written = performance.now() - t0;
              // Read back, 20 rows a request (as a case opens).
              const r0 = performance.now();
              for (let at = 1; at <= rows; at += 20) {
                await new Promise((ok, ko) => {
                  const req = db.transaction('s', 'readonly').objectStore('s').getAll(IDBKeyRange.bound(at, at + 19));
                  req.onsuccess = () => ok(req.result);
                  req.onerror = () => ko(req.error);
                });
              }
              (out[name] ??= []).push([Math.round(written), Math.round(inAdd), Math.round(performance.now() - r0)]);
              db.close();
            }
          }
          postMessage(out);
        };`;
      const w = new Worker(URL.createObjectURL(new Blob([worker], { type: 'text/javascript' })));
      return await new Promise((resolve, reject) => {
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => reject(new Error(e.message));
        w.postMessage({ rows, rounds });
      });
    },
    { rows, rounds },
  );
  console.log(JSON.stringify({ rows, rounds, chromium: context.browser()?.version() ?? '', forms: result }, null, 1));
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

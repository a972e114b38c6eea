// scripts/build-electron.mjs produces the two bundles package.json and the prefs factory point at, and the
// preload is a single file a sandboxed renderer can load: its only require is 'electron'.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
let outdir: string;

function requires(source: string): string[] {
  return [...new Set([...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? ''))].sort();
}

beforeAll(() => {
  outdir = mkdtempSync(path.join(os.tmpdir(), 'caseline-build-'));
  execFileSync(process.execPath, [path.join(root, 'scripts/build-electron.mjs'), '--outdir', outdir], { cwd: root, stdio: 'pipe' });
}, 60_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('build-electron.mjs', () => {
  it('bundles the preload into one CJS file that requires only electron, and exposes window.caseline', () => {
    const preload = readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
    expect(requires(preload)).toEqual(['electron']);
    expect(preload).not.toMatch(/\bimport\s*\(|^\s*import\s|^\s*export\s/m);
    expect(preload).toContain('exposeInMainWorld("caseline"');
    expect(preload).toContain('"caseline:read-chunk"');
  });

  it('bundles main into one CJS file with only electron and Node built-ins external', () => {
    const main = readFileSync(path.join(outdir, 'main.cjs'), 'utf8');
    const external = requires(main);
    expect(external).toContain('electron');
    const builtins = new Set(['electron', 'path', 'fs', 'crypto', 'os', 'url', 'util', 'events', 'node:path', 'node:fs', 'node:crypto']);
    expect(external.filter((m) => !builtins.has(m))).toEqual([]);
    // Main holds no case data: none of the engine's libraries may be bundled into it.
    for (const library of ['dexie', 'react', 'cytoscape', 'fflate']) expect(main).not.toContain(`node_modules/${library}`);
    expect(main).toContain('registerSchemesAsPrivileged');
    expect(main).toContain('preload.cjs');
  });
});

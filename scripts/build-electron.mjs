// Bundle the Electron main process and the preload with esbuild.
//   electron/main/index.ts    -> dist/electron/main.cjs     (package.json "main")
//   electron/preload/index.ts -> dist/electron/preload.cjs  (sandboxed preload: must be ONE file whose only
//                                                            require is 'electron'; a sandboxed preload cannot
//                                                            require anything else)
// Usage: node scripts/build-electron.mjs [--outdir <dir>]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({ options: { outdir: { type: 'string', default: path.join(root, 'dist', 'electron') } } });
const outdir = path.resolve(values.outdir);

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  external: ['electron'],
  // Electron 45 ships a Node 22+ and a current Chromium; these targets only stop esbuild down-levelling.
  target: ['node22', 'chrome130'],
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

await Promise.all([
  build({ ...common, entryPoints: [path.join(root, 'electron/main/index.ts')], outfile: path.join(outdir, 'main.cjs') }),
  build({
    ...common,
    entryPoints: [path.join(root, 'electron/preload/index.ts')],
    outfile: path.join(outdir, 'preload.cjs'),
    // No Node built-in may slip into the sandboxed preload: fail the build instead of emitting require('fs').
    plugins: [
      {
        name: 'preload-only-electron',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^(node:|fs$|path$|os$|child_process$|crypto$|url$|util$|events$|stream$|buffer$)/ }, (args) => ({
            errors: [{ text: `the sandboxed preload may not import ${args.path}` }],
          }));
        },
      },
    ],
  }),
]);

process.stdout.write(`built ${path.relative(root, path.join(outdir, 'main.cjs'))} and ${path.relative(root, path.join(outdir, 'preload.cjs'))}\n`);

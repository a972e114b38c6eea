// Bundle the CLI into one ESM file (dist/cli/caseline.mjs, or the path given) so `caseline` starts fast without
// tsx. playwright-core stays outside (loaded from node_modules by `report --format pdf` only).
import { build } from 'esbuild';

await build({
  entryPoints: ['cli/index.ts'],
  outfile: process.argv[2] ?? 'dist/cli/caseline.mjs',
  external: ['playwright-core'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

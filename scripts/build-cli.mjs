// Bundle the CLI into one ESM file (dist/cli/caseline.mjs) so `caseline` starts fast without tsx.
import { build } from 'esbuild';

await build({
  entryPoints: ['cli/index.ts'],
  outfile: 'dist/cli/caseline.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

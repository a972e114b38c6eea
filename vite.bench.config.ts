import { defineConfig } from 'vite';

// The bench page and worker, built like the app (same bundler, same worker format) into dist/bench.
export default defineConfig({
  root: 'bench/browser',
  base: './',
  build: { outDir: '../../dist/bench', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
  worker: { format: 'es' },
});

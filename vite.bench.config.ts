import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The bench pages and workers, built like the app (same bundler, same React plugin, same worker format) into
// dist/bench: the import bench (index.html) and the workspace-at-scale pages of issue #5 (ui-queue, ui-graph).
const page = (name: string): string => resolve(import.meta.dirname, 'bench/browser', name);
export default defineConfig({
  root: 'bench/browser',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/bench',
    emptyOutDir: true,
    target: 'es2022',
    // BENCH_NO_MINIFY=1 keeps function names, for V8 tick profiles (BENCH_CHROMIUM_ARGS='--js-flags=--prof').
    minify: !process.env.BENCH_NO_MINIFY,
    chunkSizeWarningLimit: 4000,
    rollupOptions: { input: { index: page('index.html'), 'ui-queue': page('ui-queue.html'), 'ui-graph': page('ui-graph.html') } },
  },
  worker: { format: 'es' },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// One renderer for Electron (loaded from app://bundle/) and the web build (served on 127.0.0.1): relative base.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 4000 },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', strictPort: false },
});

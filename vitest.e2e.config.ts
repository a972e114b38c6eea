import { defineConfig } from 'vitest/config';

// End-to-end tests: Playwright (playwright-core) driving Debian's Chromium against the web build.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});

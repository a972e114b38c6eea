// Debian's Chromium as every headless run here launches it (e2e tests and benchmarks): its path (CHROMIUM_PATH
// overrides it) and the flags that keep it offline and quiet (no network of its own, no updates, no sync, no GPU).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

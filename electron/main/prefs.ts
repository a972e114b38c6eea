// The one place that creates BrowserWindows and decides their webPreferences (SECURITY-NOTES A1, A10).
// A static test (prefs.test.ts) fails if `new BrowserWindow(` appears anywhere else in electron/, or if a weakening
// setting is written anywhere. Callers choose a window *kind*, never preferences: there is no way to pass
// nodeIntegration, a different preload or enableBlinkFeatures through this module.
import path from 'node:path';
import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** `app`: the Caseline UI (our preload, JavaScript on). `print`: the hidden print-to-PDF window (A10). */
export type WindowKind = 'app' | 'print';

/** In-memory (no `persist:` prefix) session for the print window: it shares no storage with the app origin. */
export const PRINT_PARTITION = 'caseline-print';

/** The bundled preload next to the bundled main (dist/electron/preload.cjs; see scripts/build-electron.mjs). */
export function preloadPath(mainDir: string = __dirname): string {
  return path.join(mainDir, 'preload.cjs');
}

export type PrefsEnvironment = { isPackaged: boolean; preload: string };

export function webPreferencesFor(kind: WindowKind, env: PrefsEnvironment): WebPreferences {
  const locked: WebPreferences = {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    devTools: !env.isPackaged,
    // The spellchecker downloads Hunspell dictionaries from a Google CDN; the app is offline.
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    enableWebSQL: false,
    plugins: false,
  };
  if (kind === 'app') return { ...locked, javascript: true, preload: env.preload };
  // The print window renders report HTML only: no script at all, no preload, its own throwaway session.
  return { ...locked, javascript: false, devTools: false, partition: PRINT_PARTITION };
}

/** Window options a caller may choose (size, title...). webPreferences are not among them. */
export type WindowOptions = Omit<BrowserWindowConstructorOptions, 'webPreferences'>;

export function createSecureWindow(kind: WindowKind, options: WindowOptions, env: PrefsEnvironment): BrowserWindow {
  // Rebuild the object so a caller cannot smuggle webPreferences in through a cast.
  const { webPreferences: _ignored, ...rest } = options as BrowserWindowConstructorOptions;
  return new BrowserWindow({ ...rest, webPreferences: webPreferencesFor(kind, env) });
}

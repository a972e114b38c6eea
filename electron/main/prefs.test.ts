import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const constructed = vi.hoisted(() => [] as unknown[]);
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: unknown) {
      constructed.push(options);
    }
  },
}));

const { createSecureWindow, preloadPath, PRINT_PARTITION, webPreferencesFor } = await import('./prefs');

const env = { isPackaged: true, preload: '/app/dist/electron/preload.cjs' };

describe('webPreferencesFor', () => {
  it('locks the app window down and gives it only our preload', () => {
    expect(webPreferencesFor('app', env)).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      enableWebSQL: false,
      plugins: false,
      javascript: true,
      preload: '/app/dist/electron/preload.cjs',
    });
  });

  it('allows DevTools only when not packaged', () => {
    expect(webPreferencesFor('app', { ...env, isPackaged: false }).devTools).toBe(true);
    expect(webPreferencesFor('app', { ...env, isPackaged: true }).devTools).toBe(false);
    expect(webPreferencesFor('print', { ...env, isPackaged: false }).devTools).toBe(false);
  });

  it('gives the print window no script, no preload and its own in-memory session (A10)', () => {
    const prefs = webPreferencesFor('print', env);
    expect(prefs).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, partition: PRINT_PARTITION });
    expect(prefs).not.toHaveProperty('preload');
    expect(PRINT_PARTITION.startsWith('persist:')).toBe(false);
  });

  it('never sets enableBlinkFeatures or any weakening flag, for either kind', () => {
    for (const kind of ['app', 'print'] as const) {
      for (const isPackaged of [true, false]) {
        const prefs = webPreferencesFor(kind, { ...env, isPackaged });
        expect(prefs).not.toHaveProperty('enableBlinkFeatures');
        expect(prefs).not.toHaveProperty('additionalArguments');
        expect(prefs.nodeIntegration).toBe(false);
        expect(prefs.sandbox).toBe(true);
        expect(prefs.contextIsolation).toBe(true);
      }
    }
  });

  it('puts the preload next to the bundled main', () => {
    expect(preloadPath('/x/dist/electron')).toBe(path.join('/x/dist/electron', 'preload.cjs'));
  });
});

describe('createSecureWindow', () => {
  beforeEach(() => {
    constructed.length = 0;
  });

  it('ignores webPreferences smuggled in through a cast', () => {
    const options = { width: 10, webPreferences: { nodeIntegration: true, sandbox: false, preload: '/evil.js' } } as unknown as Parameters<typeof createSecureWindow>[1];
    createSecureWindow('app', options, env);
    expect(constructed).toHaveLength(1);
    expect(constructed[0]).toEqual({ width: 10, webPreferences: webPreferencesFor('app', env) });
  });
});

// ---- static scan over electron/**/*.ts (tests excluded): SECURITY-NOTES A1, A2, A5 ----
const electronDir = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') && !full.endsWith('.d.ts') ? [full] : [];
  });
}

/** Source text without comments (whole-line // comments and block comments), so prose may name what code may not. */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

const FORBIDDEN: readonly [RegExp, string][] = [
  [/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/, 'nodeIntegration: true'],
  [/contextIsolation\s*:\s*false/, 'contextIsolation: false'],
  [/sandbox\s*:\s*false/, 'sandbox: false'],
  [/webSecurity\s*:\s*false/, 'webSecurity: false'],
  [/allowRunningInsecureContent\s*:\s*true/, 'allowRunningInsecureContent: true'],
  [/experimentalFeatures\s*:\s*true/, 'experimentalFeatures: true'],
  [/webviewTag\s*:\s*true/, 'webviewTag: true'],
  [/enableBlinkFeatures/, 'enableBlinkFeatures'],
  [/enableRemoteModule/, 'enableRemoteModule'],
  [/@electron\/remote/, '@electron/remote'],
  [/\.loadFile\s*\(/, 'loadFile (serve app://bundle, never file://)'],
  [/openExternal/, 'shell.openExternal (A5: IOC URLs are copied, never opened)'],
  [/bypassCSP/, 'bypassCSP'],
  [/exposeInMainWorld\([^)]*ipcRenderer/, 'ipcRenderer exposed to the page'],
];

describe('static scan of electron/ sources', () => {
  const files = sourceFiles(electronDir);

  it('finds the sources it is meant to scan', () => {
    const names = files.map((f) => path.relative(electronDir, f));
    expect(names).toEqual(expect.arrayContaining([path.join('main', 'prefs.ts'), path.join('main', 'index.ts'), path.join('preload', 'index.ts')]));
  });

  it('creates BrowserWindows only in the prefs factory', () => {
    const offenders = files.filter((f) => /new\s+BrowserWindow\s*\(/.test(code(f))).map((f) => path.relative(electronDir, f));
    expect(offenders).toEqual([path.join('main', 'prefs.ts')]);
  });

  it('strips comments but keeps code', () => {
    expect(code(path.join(electronDir, 'main', 'protocol.ts'))).toContain('registerSchemesAsPrivileged');
    expect(code(path.join(electronDir, 'main', 'protocol.ts'))).not.toContain('Trusted Types are sent as Report-Only');
  });

  it('would catch each weakening setting', () => {
    const samples = [
      'new BrowserWindow({ webPreferences: { nodeIntegration: true } })',
      '{ nodeIntegrationInWorker : true }',
      '{ contextIsolation: false }',
      '{ sandbox:false }',
      '{ webSecurity: false }',
      "{ enableBlinkFeatures: 'X' }",
      "require('@electron/remote')",
      "win.loadFile('index.html')",
      'shell.openExternal(url)',
      "contextBridge.exposeInMainWorld('x', ipcRenderer)",
    ];
    for (const sample of samples) expect(FORBIDDEN.some(([pattern]) => pattern.test(sample)), sample).toBe(true);
  });

  it('contains no weakening setting anywhere', () => {
    const hits: string[] = [];
    for (const file of files) {
      const text = code(file);
      for (const [pattern, label] of FORBIDDEN) if (pattern.test(text)) hits.push(`${path.relative(electronDir, file)}: ${label}`);
    }
    expect(hits).toEqual([]);
  });

  it('registers no ipcMain.on / ipcMain.handle outside ipc.ts', () => {
    const offenders = files.filter((f) => /ipcMain\.(on|handle|once)\s*\(/.test(code(f))).map((f) => path.relative(electronDir, f));
    expect(offenders).toEqual([]);
  });
});

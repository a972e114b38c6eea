// electron-builder.yml, validated against electron-builder's own JSON schema, and the security-relevant values
// pinned (SECURITY-NOTES A8 fuses; asar; what goes into the package).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
// js-yaml ships no types and is only here as an electron-builder dependency; its load() is all we need.
const yaml = require('js-yaml') as { load(text: string): unknown };

type BuilderConfig = {
  appId: string;
  productName: string;
  asar: boolean;
  files: string[];
  directories: { output: string; buildResources: string };
  electronFuses: Record<string, boolean>;
  fileAssociations: { ext: string; name: string; mimeType: string }[];
  linux: { target: string[]; maintainer: string; executableName: string };
  win: { target: string[] };
  mac: { target: string[] };
  nsis: { oneClick: boolean; perMachine: boolean; deleteAppDataOnUninstall: boolean };
  publish: unknown;
  npmRebuild: boolean;
};

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('electron-builder.yml', () => {
  it("validates against electron-builder's JSON schema (app-builder-lib/scheme.json)", () => {
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check would catch a typo', () => {
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } })).toBe(false);
    expect(validate({ ...config, asarr: true })).toBe(false);
  });

  it('sets every fuse as SECURITY-NOTES A8 requires', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('packs only built output into an asar', () => {
    expect(config.appId).toBe('org.caseline.desktop');
    expect(config.productName).toBe('Caseline');
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(['dist/web/**', 'dist/electron/**', 'package.json', 'shared/model/attack/LICENSE-ATTACK.txt', '!**/node_modules/**', '!**/*.map']);
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
    expect(config.publish).toBeNull();
    expect(config.npmRebuild).toBe(false);
  });

  it('builds AppImage and deb on Linux, NSIS on Windows, dmg on macOS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, deleteAppDataOnUninstall: false });
  });

  it('associates .caseline files', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'caseline', mimeType: 'application/x-caseline' })]);
  });

  it('points package.json main at the bundled main process, and has its resources', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; devDependencies: Record<string, string> };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(pkg.devDependencies['@electron/fuses']).toBe('1.8.0');
    expect(existsSync(path.join(root, 'build', 'icon.png'))).toBe(true);
    expect(existsSync(path.join(root, 'shared/model/attack/LICENSE-ATTACK.txt'))).toBe(true);
    const png = readFileSync(path.join(root, 'build', 'icon.png'));
    // PNG signature, then IHDR width/height: at least 512x512 for the macOS icns and Windows ico conversions.
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
  });
});

describe('fuse wire (A8) on a synthetic binary', () => {
  // Electron's sentinel, wire version 1, 8 fuses in Electron's default states ('1' = 0x31 on, '0' = 0x30 off).
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  const DEFAULT_WIRE = '10110001';

  it('flips exactly the wire bytes the config asks for (what electron-builder does after packing)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'caseline-fuses-'));
    try {
      const binary = path.join(dir, 'caseline');
      writeFileSync(binary, Buffer.concat([Buffer.from('not electron\n'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(DEFAULT_WIRE)]));
      // electron-builder's mapping: camelCase config key -> FuseV1Options member of the same name.
      const wire: Partial<Record<FuseV1Options, boolean>> = {};
      for (const [key, value] of Object.entries(config.electronFuses)) {
        if (key === 'resetAdHocDarwinSignature') continue;
        const option = FuseV1Options[(key[0]?.toUpperCase() + key.slice(1)) as keyof typeof FuseV1Options];
        expect(option, key).toBeTypeOf('number');
        wire[option] = value;
      }
      await flipFuses(binary, { version: FuseVersion.V1, ...wire });
      const bytes = readFileSync(binary);
      const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
      expect(bytes.subarray(at + 2, at + 10).toString('latin1')).toBe('01001100');
      const read = await getCurrentFuseWire(binary);
      expect(read[FuseV1Options.RunAsNode]).toBe(0x30);
      expect(read[FuseV1Options.EnableCookieEncryption]).toBe(0x31);
      expect(read[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(0x30);
      expect(read[FuseV1Options.EnableNodeCliInspectArguments]).toBe(0x30);
      expect(read[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(0x31);
      expect(read[FuseV1Options.OnlyLoadAppFromAsar]).toBe(0x31);
      expect(read[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(0x30);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

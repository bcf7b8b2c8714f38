import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { checkBuilderConfig, checkBuilderConfigFile } from './builder-config';

const CONFIG_PATH = join(import.meta.dirname, '..', 'electron-builder.yml');
const config = load(readFileSync(CONFIG_PATH, 'utf8')) as Record<string, Record<string, unknown>>;

function withChange(change: (copy: Record<string, Record<string, unknown>>) => void): unknown {
  const copy = structuredClone(config);
  change(copy);
  return copy;
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", () => {
    expect(checkBuilderConfigFile(CONFIG_PATH)).toEqual([]);
  });

  it('rejects a misspelt key with a message naming it', () => {
    const broken = withChange((c) => {
      c.linux!.categry = c.linux!.category;
    });
    expect(checkBuilderConfig(broken)).toEqual([
      "linux.categry: unknown key (not in electron-builder's schema)",
    ]);
  });

  it('names the key of a wrong type and an unknown top-level key', () => {
    const broken = withChange((c) => {
      (c as Record<string, unknown>).asar = 'yes please';
      c.electronFuses!.runAsNod = false;
      (c as Record<string, unknown>).outputDir = 'dist';
    });
    expect(checkBuilderConfig(broken)).toEqual(
      expect.arrayContaining([
        'asar: expected object or null or boolean',
        "electronFuses.runAsNod: unknown key (not in electron-builder's schema)",
        "outputDir: unknown key (not in electron-builder's schema)",
      ]),
    );
  });

  it('hardens the build: fuses, asar, output apart from the build folder', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
    expect(config.directories).toEqual({ buildResources: 'build', output: 'dist' });
    expect(config.files).toEqual(['out/**', '!out/**/*.map', 'package.json']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, target: ['dmg', 'zip'] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.publish).toMatchObject({ provider: 'github' });
  });
});

/**
 * Packaging smoke test: runs `electron-builder --linux dir` on the built app (out/, built by
 * `npm run test:e2e` first) with `electronDist` pointing at a stand-in for the Electron binary,
 * then inspects the result. It checks PACKAGING (what ships in app.asar, the fuses, the update
 * config), not a runnable app: the stand-in is a shell script carrying Electron's fuse wire, so
 * @electron/fuses can flip it exactly as it would in the real binary.
 */
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
/** What the packaging run needs from `npm run build`; its absence fails the suite, never skips it. */
const BUILT_ENTRY = 'out/main/index.js';
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse wire bytes (@electron/fuses FuseState): ASCII '0' and '1'. */
const DISABLE = 48;
const ENABLE = 49;
/** Electron 45's own fuse defaults, in wire order (see FuseV1Options). */
const STOCK_FUSE_WIRE = '01100001';

/** An unpacked "Electron distribution" electron-builder accepts: executable, licence, version. */
function makeElectronDist(dir: string): void {
  mkdirSync(join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'resources'));
  const wire = `${FUSE_SENTINEL}\x01${String.fromCharCode(STOCK_FUSE_WIRE.length)}${STOCK_FUSE_WIRE}`;
  writeFileSync(
    join(dir, 'electron'),
    `#!/bin/sh\n# ${wire}\necho "Electron stand-in for packaging tests" >&2\nexit 1\n`,
    { mode: 0o755 },
  );
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  writeFileSync(join(dir, 'version'), '45.5.0');
  writeFileSync(join(dir, 'locales', 'en-US.pak'), '');
}

/**
 * The functions and classes test-support/ and soak/ export, by name: if product code imported
 * one, the bundler would carry it (and its name) into out/. The Electron fake is left out, since
 * its exports are named after Electron's own API, which the real glue uses.
 */
function scaffoldingNames(): string[] {
  return ['test-support', 'soak'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'electron-fake.ts')
      .flatMap((f) => {
        const source = readFileSync(join(ROOT, dir, f), 'utf8');
        return [...source.matchAll(/^export (?:async )?(?:function|class) (\w+)/gm)].map(
          (m) => m[1]!,
        );
      }),
  );
}

/** Names of the packages production code can load: dependencies, transitively. */
function runtimePackages(): Set<string> {
  const names = new Set<string>();
  const visit = (fromDir: string, deps: Record<string, string>) => {
    for (const name of Object.keys(deps)) {
      let dir = fromDir;
      while (!existsSync(join(dir, 'node_modules', name, 'package.json'))) {
        if (dir === ROOT) throw new Error(`${name} is not installed`);
        dir = dirname(dir);
      }
      const pkgDir = join(dir, 'node_modules', name);
      // Name and folder apart by a NUL: a scoped name or its folder holds '@' itself.
      if (names.has(`${name}\0${pkgDir}`)) continue;
      names.add(`${name}\0${pkgDir}`);
      const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
      visit(pkgDir, pkg.dependencies ?? {});
    }
  };
  visit(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies);
  return new Set([...names].map((entry) => entry.slice(0, entry.indexOf('\0'))));
}

describe('packaging (electron-builder --linux dir, stand-in Electron)', () => {
  let work = '';
  let unpacked = '';

  beforeAll(() => {
    if (!existsSync(join(ROOT, BUILT_ENTRY)))
      throw new Error(
        `${BUILT_ENTRY} is missing: the packaging specs package the built app. ` +
          'Run `npm run build` first (`npm run test:e2e` does).',
      );
    work = mkdtempSync(join(tmpdir(), 'tickdeck-pack-'));
    makeElectronDist(join(work, 'electron-dist'));
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/electron-builder/cli.js'),
        '--linux',
        'dir',
        '--publish',
        'never',
        `-c.electronDist=${join(work, 'electron-dist')}`,
        `-c.directories.output=${join(work, 'dist')}`,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 80_000 },
    );
    if (run.status !== 0) throw new Error(`electron-builder failed:\n${run.stdout}\n${run.stderr}`);
    unpacked = join(work, 'dist', 'linux-unpacked');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('puts the built main, preload and renderer in app.asar, and no other app files', () => {
    const entries = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false });
    const appFiles = entries.filter((p) => !p.startsWith('/node_modules'));
    for (const required of [
      '/package.json',
      '/out/main/index.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ]) {
      expect(appFiles).toContain(required);
    }
    const stray = appFiles.filter(
      (p) => !/^\/(out|out\/(main|preload|renderer)(\/.*)?|package\.json)$/.test(p),
    );
    expect(stray).toEqual([]);
    expect(appFiles.filter((p) => /\.(ts|map)$/.test(p))).toEqual([]);
  });

  it('ships none of the test support or soak code', () => {
    const asar = join(unpacked, 'resources', 'app.asar');
    const bundles = listPackage(asar, { isPack: false })
      .filter((p) => /^\/out\/.*\.(js|cjs)$/.test(p))
      .map((p) => extractFile(asar, p.slice(1)).toString('utf8'));
    expect(bundles.length).toBeGreaterThan(2);
    const names = scaffoldingNames();
    expect(names).toContain('startProxy');
    const found = names.filter((name) =>
      bundles.some((code) => new RegExp(`\\b(function|class) ${name}\\b`).test(code)),
    );
    expect(found).toEqual([]);
  });

  it('ships exactly the runtime dependencies, no devDependencies', () => {
    const entries = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false });
    const shipped = new Set(
      entries.flatMap((p) => {
        // A package's folder: `name` or `@scope/name`, not the bare `@scope` folder.
        const match = /\/node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)$/.exec(p);
        return match ? [match[1]!] : [];
      }),
    );
    expect([...shipped].sort()).toEqual([...runtimePackages()].sort());
    for (const dev of ['electron', 'electron-builder', 'vitest', 'svelte', 'chart.js']) {
      expect(shipped.has(dev), dev).toBe(false);
    }
  });

  it('flips the fuses as electron-builder.yml configures them', async () => {
    const wire = await getCurrentFuseWire(join(unpacked, 'tickdeck'));
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      cliInspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocolPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: DISABLE,
      cookieEncryption: ENABLE,
      nodeOptions: DISABLE,
      cliInspect: DISABLE,
      asarIntegrity: ENABLE,
      onlyAsar: ENABLE,
      fileProtocolPrivileges: DISABLE,
    });
  });

  it('writes the GitHub update feed electron-updater reads', () => {
    const feed = readFileSync(join(unpacked, 'resources', 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/provider: github/);
    expect(feed).toMatch(/owner: tickdeck/);
    expect(feed).toMatch(/repo: tickdeck/);
  });
});

// Where `npm start` finds the Electron executable, resolved the way node_modules/electron does
// (path.txt, dist/, ELECTRON_OVERRIDE_DIST_PATH) but WITHOUT its fallback: since Electron 45,
// `require('electron')` starts a download when the binary is missing, which hangs or fails on
// an offline or locked-down machine. Here a missing binary is an answer, not a download.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} electronDir the installed `electron` package folder
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ ok: true, path: string } | { ok: false, reason: string }}
 */
export function findElectronBinary(electronDir, env = process.env) {
  if (!existsSync(join(electronDir, 'package.json'))) {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(path)
      ? { ok: true, path }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron executable (${path})` };
  }
  if (!relative) {
    return {
      ok: false,
      reason:
        "the Electron binary was never downloaded (electron's install step did not run or could not reach GitHub)",
    };
  }
  const path = join(electronDir, 'dist', relative);
  return existsSync(path)
    ? { ok: true, path }
    : { ok: false, reason: `the Electron binary is missing (${path})` };
}

// The electron-vite build of every entry point, for `npm start` and `npm run web`.

/**
 * Builds the app in `root`. electron-vite reads package.json's "type" (ES module or CommonJS
 * output) from the working folder, not from `root`: run as `node <repo>/scripts/start.js` from
 * elsewhere, it built the main process as CommonJS and failed on its top-level await. So the
 * build runs in `root`, and the user's folder comes back before anything reads their relative
 * paths (--settings, --replay).
 * @param {string} root
 * @param {{ logLevel?: 'info' | 'warn' }} [options]
 * @returns {Promise<void>}
 */
export async function buildApp(root, options = {}) {
  const { build } = await import('electron-vite');
  const cwd = process.cwd();
  process.chdir(root);
  try {
    await build({ root, ...options });
  } finally {
    process.chdir(cwd);
  }
}

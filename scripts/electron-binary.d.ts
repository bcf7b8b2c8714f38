// Types for scripts/electron-binary.js (plain JS so `npm start` runs on bare Node).
export function findElectronBinary(
  electronDir: string,
  env?: NodeJS.ProcessEnv,
): { ok: true; path: string } | { ok: false; reason: string };

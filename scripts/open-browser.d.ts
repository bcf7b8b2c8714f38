// Types for scripts/open-browser.js (plain JS so `npm start` runs on bare Node).
export function browserOpener(
  url: string,
  platform?: NodeJS.Platform,
  env?: NodeJS.ProcessEnv,
): { command: string; args: string[] } | { skip: string };
export function openBrowser(
  url: string,
  opts?: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv; report?: (line: string) => void },
): boolean;

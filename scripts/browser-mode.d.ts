// Types for scripts/browser-mode.js (plain JS so `npm start` and `npm run web` run on bare Node).
export function runBrowserMode(opts: {
  root: string;
  args: readonly string[];
  onUrl?: (url: string) => void;
}): Promise<void>;

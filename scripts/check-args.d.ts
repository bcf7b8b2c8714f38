// Types for scripts/check-args.js (plain JS so `npm start` and `npm run web` run on bare Node).
export function checkArgs(opts: {
  root: string;
  args: readonly string[];
  mode: 'desktop' | 'web';
}): Promise<Record<string, string>>;

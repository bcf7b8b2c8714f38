/**
 * The command line of `npm start` (the desktop app) and `npm run web` (browser mode), read the
 * one way: by the built entry points (main/electron/index.ts, main/web/web-cli.ts) and, before
 * the 10 to 40 s build, by scripts/check-args.js (bug 239), so a mistyped flag is told at
 * once and in the same words.
 */
import type { AppArgs } from './app-args';
import { parseAppArgs } from './app-args';
import { APP_USAGE, SEE_HELP } from './app-usage';
import { optionNotes } from './unknown-options';

/**
 * Set to 1 by `npm start` (scripts/check-args.js) for the Electron it launches: it said the
 * command line's warnings before the build, and the app would say them again after it
 * (bug 263). The packaged app, started without it, says them.
 */
export const WARNINGS_SAID_ENV = 'TICKDECK_OPTION_WARNINGS_SAID';

/** Which entry point reads it: Electron's command line also carries Chromium's switches. */
export type AppMode = 'desktop' | 'web';

/** What to do with a command line: each line to print is whole, its prefix included. */
export type CommandLine =
  | { readonly kind: 'run'; readonly args: AppArgs; readonly warnings: readonly string[] }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'refused'; readonly line: string };

const PREFIX: Record<AppMode, string> = { desktop: 'tickdeck', web: 'tickdeck web' };

/** Reads `argv` (the arguments after the program) as `mode`'s entry point does. */
export function readCommandLine(argv: readonly string[], mode: AppMode): CommandLine {
  const refused = (error: string): CommandLine => ({
    kind: 'refused',
    line: `${PREFIX[mode]}: ${error} (${SEE_HELP})`,
  });
  // A near miss of one of our options first, in either mode, naming the one meant (bug 240).
  const notes = optionNotes(argv);
  if (!notes.ok) return refused(notes.error);
  const parsed = parseAppArgs(argv, mode === 'desktop');
  if (!parsed.ok) return refused(parsed.error);
  if (parsed.value.help) return { kind: 'help', text: APP_USAGE };
  return {
    kind: 'run',
    args: parsed.value,
    // Browser mode refuses what the desktop app warns of (the strict parse above).
    warnings: mode === 'desktop' ? notes.warnings.map((w) => `${PREFIX[mode]}: ${w}`) : [],
  };
}

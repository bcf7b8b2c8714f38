// `npm start` and `npm run web` read their options before they build (bug 239): the build
// takes 10 to 40 s, and a mistyped flag was told only after it. Read by the code the built app
// reads them with (main/host/command-line.ts, loaded from its source through tsx), so the two
// never disagree on what is refused or how it is said.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

/**
 * Ends this process on a refused command line (its one line, exit 2) or on `--help` (the
 * usage, exit 0). Else says its warnings (the desktop app's arguments it will not use) before
 * the build, not after it (bug 263), and returns what to add to the environment of the app it
 * starts, which then does not say them again.
 * @param {{ root: string, args: readonly string[], mode: 'desktop' | 'web' }} opts
 * @returns {Promise<Record<string, string>>}
 */
export async function checkArgs({ root, args, mode }) {
  const source = pathToFileURL(join(root, 'main', 'host', 'command-line.ts')).href;
  /** @type {typeof import('../main/host/command-line')} */
  const { readCommandLine, WARNINGS_SAID_ENV } = await tsImport(source, import.meta.url);
  const line = readCommandLine(args, mode);
  if (line.kind === 'refused') {
    console.error(line.line);
    process.exit(2);
  }
  if (line.kind === 'help') {
    console.log(line.text);
    process.exit(0);
  }
  for (const warning of line.warnings) console.warn(warning);
  return { [WARNINGS_SAID_ENV]: '1' };
}

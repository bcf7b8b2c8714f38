/**
 * What the command line holds that is not a Tickdeck option (bug 240). Browser mode refuses
 * every such flag. The desktop app cannot: Chromium's and Node's switches share its command line
 * (`--enable-logging`, `--inspect`, Playwright's `--remote-debugging-port`), so an unknown flag
 * went by without a word there, `--prot 0` as much as `--setings mine.json` (a run on the
 * default settings file, unsaid). So a flag a letter or two from one of ours is refused, naming
 * the one meant; the switches Electron documents pass in silence; any other flag, and an
 * argument that is no flag's value, is named as not used.
 */
import { parseArgs } from 'node:util';
import { APP_OPTIONS } from './app-args';

/** Electron's documented command-line switches, Node's it honours, and Chromium's usual ones. */
const KNOWN_SWITCHES: ReadonlySet<string> = new Set([
  // Electron's "Supported Command Line Switches".
  'auth-server-whitelist',
  'auth-negotiate-delegate-whitelist',
  'disable-ntlm-v2',
  'disable-http-cache',
  'disable-http2',
  'disable-renderer-backgrounding',
  'disk-cache-size',
  'enable-logging',
  'force-fieldtrials',
  'host-rules',
  'host-resolver-rules',
  'ignore-certificate-errors',
  'ignore-connections-limit',
  'js-flags',
  'lang',
  'log-file',
  'log-net-log',
  'log-level',
  'no-proxy-server',
  'no-sandbox',
  'proxy-bypass-list',
  'proxy-pac-url',
  'proxy-server',
  'remote-debugging-port',
  'v',
  'vmodule',
  'force_high_performance_gpu',
  'force_low_power_gpu',
  'xdg-portal-required-version',
  // Node's, which Electron's main process takes.
  'inspect',
  'inspect-brk',
  'inspect-port',
  'inspect-publish-uid',
  'no-deprecation',
  'throw-deprecation',
  'trace-deprecation',
  'trace-warnings',
  'dns-result-order',
  'diagnostic-dir',
  // Chromium's, as Linux desktops, test runners and bug reports give them.
  'user-data-dir',
  'disable-gpu',
  'disable-gpu-sandbox',
  'disable-software-rasterizer',
  'disable-dev-shm-usage',
  'enable-features',
  'disable-features',
  'ozone-platform',
  'ozone-platform-hint',
  'enable-wayland-ime',
  'force-device-scale-factor',
  'use-gl',
  'use-angle',
  'remote-debugging-pipe',
  'no-zygote',
  'in-process-gpu',
]);

const OUR_NAMES = Object.keys(APP_OPTIONS);

/**
 * Edits (a letter added, dropped, changed, or two swapped) between `a` and `b`: optimal string
 * alignment distance, so `prot` is one edit from `port`.
 */
function edits(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The option of ours `name` misspells or cuts short (`prot`, `setings`, `feeds`, `recordings`),
 * else null: one edit for a name of four letters or fewer, two for longer ones, or its first
 * three letters or more. The nearest wins (`feed-endpoints` is `feed-endpoint`, not `feed`).
 */
export function meantOption(name: string): string | null {
  const lower = name.toLowerCase();
  let meant: string | null = null;
  let fewest = Infinity;
  for (const ours of OUR_NAMES) {
    const count = edits(lower, ours);
    const cut = lower.length >= 3 && ours.startsWith(lower);
    const allowed = Math.min(lower.length, ours.length) <= 4 ? 1 : 2;
    if ((cut || count <= allowed) && count < fewest) [meant, fewest] = [ours, count];
  }
  return meant;
}

/** Result of {@link optionNotes}: a refusal, else what the desktop app warns of. */
export type OptionNotes =
  | { readonly ok: false; readonly error: string }
  | { readonly ok: true; readonly warnings: readonly string[] };

/** Browser mode's options, taken by the desktop app's parse but of no use to it. */
const BROWSER_ONLY = ['port', 'host'];

/**
 * The command line's arguments that are not our options: a near miss of one of ours refused (in
 * either mode), else a line for each the desktop app will not use (browser mode's strict parse
 * refuses them).
 */
export function optionNotes(argv: readonly string[]): OptionNotes {
  const { tokens } = parseArgs({
    args: [...argv],
    options: APP_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const warnings: string[] = [];
  // A short-flag cluster (`-psn_0_1`, macOS's process serial number) is one token a letter:
  // one line an argument.
  const told = new Set<number>();
  for (const token of tokens) {
    if (told.has(token.index)) continue;
    const arg = argv[token.index]!;
    if (token.kind === 'positional') {
      told.add(token.index);
      warnings.push(`unexpected argument ${arg}: not used`);
      continue;
    }
    if (token.kind !== 'option') continue;
    if (BROWSER_ONLY.includes(token.name)) {
      warnings.push(
        `${token.rawName} is for browser mode (npm run web): the desktop app does not use it`,
      );
      continue;
    }
    if (token.name in APP_OPTIONS || KNOWN_SWITCHES.has(token.name) || arg.startsWith('-psn_'))
      continue;
    told.add(token.index);
    const meant = token.rawName.startsWith('--') ? meantOption(token.name) : null;
    if (meant !== null)
      return { ok: false, error: `unknown option ${token.rawName}; did you mean --${meant}?` };
    warnings.push(`${arg} is not a Tickdeck option: passed on to Chromium`);
  }
  return { ok: true, warnings };
}

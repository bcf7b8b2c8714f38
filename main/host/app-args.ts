/**
 * Command-line options shared by `npm start` (Electron) and `npm run web` (browser mode).
 * Values from the command line override saved settings for that run only.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AlertRule } from '../../protocol/alerts';
import { isNatsReplay, parseNatsReplayTarget } from '../../protocol/feed-target';
import type { SettingsPatch } from '../../protocol/ipc';
import { checkWorkspaceName } from '../../protocol/workspace';
import type { FeedChoice } from '../../protocol/settings';
import { quoteInput } from '../../protocol/quote-input';
import { parseArgsProblem } from '../../shared/parse-args-problem';
import { parseAlertArgs } from './alert-args';
import { canonicalPath } from './canonical-path';
import { parseFeeds, type Token } from './feed-args';
import { ownFileOf } from './settings-companions';

/** Parsed application options. */
export interface AppArgs {
  /** The first `--feed`, and the `--feed-endpoint` that follows it. */
  readonly feed?: string;
  readonly feedEndpoint?: string;
  /** Every `--feed` with its endpoint, in order, when more than one is given. */
  readonly feeds?: readonly FeedChoice[];
  readonly replay?: string;
  /** Settings file to load and save instead of the default one. */
  readonly settings?: string;
  /** Folder new recordings go in, made absolute. */
  readonly recordingsDir?: string;
  readonly port?: number;
  readonly host?: string;
  /**
   * Alert rules for this run only (`--alert`, repeatable; ids `cli-1`, `cli-2`, ...). The sources
   * their targets name are checked by the host, once the names are final (./run-rules.ts).
   */
  readonly alerts?: readonly AlertRule[];
  /** A saved workspace to start in (`--workspace`). */
  readonly workspace?: string;
  readonly help: boolean;
}

/** Every option both entry points take, as `parseArgs` reads them. */
export const APP_OPTIONS = {
  feed: { type: 'string', multiple: true },
  'feed-endpoint': { type: 'string', multiple: true },
  replay: { type: 'string' },
  settings: { type: 'string' },
  'recordings-dir': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  alert: { type: 'string', multiple: true },
  workspace: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

/**
 * The first flag taking one value that is given more than once (bug 183): the last one given was
 * taken and the others dropped unsaid, so `--settings a.json … --settings b.json` (a script's
 * default and the user's own) ran on b.json with nothing to say a.json was not used.
 */
function givenTwice(tokens: readonly Token[]): string | null {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || !(token.name in APP_OPTIONS)) continue;
    const option = APP_OPTIONS[token.name as keyof typeof APP_OPTIONS];
    if (option.type !== 'string' || 'multiple' in option) continue;
    if (seen.has(token.name)) return token.name;
    seen.add(token.name);
  }
  return null;
}

/**
 * What the strict parse refuses of our own flags and Electron's lenient one let by (bug 220): a
 * flag given no value was dropped (`--settings` last: the default file used, unsaid), and one
 * followed by another flag took that flag for its value (`--settings --feed sim` ran on a
 * settings file named "--feed").
 */
function valueProblem(tokens: readonly Token[]): string | null {
  for (const token of tokens) {
    if (token.kind !== 'option' || !(token.name in APP_OPTIONS)) continue;
    if (APP_OPTIONS[token.name as keyof typeof APP_OPTIONS].type !== 'string') continue;
    const flag = `--${token.name}`;
    if (token.value === undefined) return `option ${flag} needs a value`;
    if (!token.inlineValue && token.value.startsWith('-'))
      return `option ${flag} needs a value; write a value starting with "-" as ${flag}=<value>`;
  }
  return null;
}

/**
 * Why `--settings` cannot be `given` (bug 217): a file the app keeps beside a settings file, by
 * its name or by the file a link names; else null.
 */
function settingsProblem(given: string): string | null {
  const path = canonicalPath(given);
  const own = ownFileOf(path);
  if (own === null) return null;
  const what = `${own}, not a settings file`;
  return ownFileOf(resolve(given)) === null
    ? `--settings: ${quoteInput(given)} is a link to ${quoteInput(path)}, ${what}`
    : `--settings: ${quoteInput(given)} is ${what}`;
}

/** Result of {@link parseAppArgs}. */
export type ParsedAppArgs =
  { readonly ok: true; readonly value: AppArgs } | { readonly ok: false; readonly error: string };

/**
 * Parses options. `allowUnknown` lets Electron pass its own Chromium switches through; the
 * browser-mode CLI is strict so a typo is reported instead of silently ignored.
 */
export function parseAppArgs(argv: readonly string[], allowUnknown = false): ParsedAppArgs {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let tokens: readonly Token[];
  try {
    ({ values, tokens } = parseArgs({
      args: [...argv],
      options: APP_OPTIONS,
      strict: !allowUnknown,
      allowPositionals: allowUnknown,
      tokens: true,
    }));
  } catch (err) {
    return { ok: false, error: parseArgsProblem(err as Error & { code?: string }) };
  }
  const missing = valueProblem(tokens);
  if (missing !== null) return { ok: false, error: missing };
  const twice = givenTwice(tokens);
  if (twice !== null) return { ok: false, error: `--${twice}: given twice; give it once` };
  const out: { -readonly [K in keyof AppArgs]: AppArgs[K] } = { help: values.help === true };
  const str = (key: string): string | undefined =>
    typeof values[key] === 'string' ? (values[key] as string) : undefined;

  const feeds = parseFeeds(tokens);
  if (!feeds.ok) return feeds;
  const [first] = feeds.value;
  if (first !== undefined) {
    out.feed = first.feed;
    if (first.endpoint !== null) out.feedEndpoint = first.endpoint;
  }
  if (feeds.value.length > 1) out.feeds = feeds.value;
  const replay = str('replay');
  if (replay !== undefined) {
    if (replay.trim() === '') return { ok: false, error: '--replay: expected a recording folder' };
    const nats = isNatsReplay(replay) ? parseNatsReplayTarget(replay) : null;
    if (nats && !nats.ok) return { ok: false, error: `--replay: ${nats.error}` };
    out.replay = replay;
  }
  const settings = str('settings');
  if (settings !== undefined) {
    if (settings.trim() === '') return { ok: false, error: '--settings: expected a file path' };
    const problem = settingsProblem(settings);
    if (problem !== null) return { ok: false, error: problem };
    out.settings = settings;
  }
  const recordingsDir = str('recordings-dir');
  if (recordingsDir !== undefined) {
    if (recordingsDir.trim() === '' || recordingsDir.includes('\0') || recordingsDir.length > 4096)
      return { ok: false, error: '--recordings-dir: expected a folder path' };
    out.recordingsDir = resolve(recordingsDir);
  }
  const port = str('port');
  if (port !== undefined) {
    const n = Number(port);
    if (!/^\d+$/.test(port) || n > 65535)
      return { ok: false, error: `--port: expected 0 to 65535, got ${quoteInput(port)}` };
    out.port = n;
  }
  const host = str('host');
  if (host !== undefined) {
    if (host.trim() === '') return { ok: false, error: '--host: expected an address' };
    out.host = host;
  }
  const alertLines = (Array.isArray(values.alert) ? values.alert : []).map(String);
  if (alertLines.length > 0) {
    const alerts = parseAlertArgs(alertLines);
    if (!alerts.ok) return alerts;
    out.alerts = alerts.value;
  }
  const workspace = str('workspace');
  if (workspace !== undefined) {
    const error = checkWorkspaceName(workspace);
    if (error) return { ok: false, error: `--workspace: ${error}` };
    out.workspace = workspace;
  }
  return { ok: true, value: out };
}

/** The settings the command line overrides for this run (never saved). */
export function settingsOverrides(args: AppArgs): SettingsPatch {
  return {
    ...(args.feed !== undefined && { feed: args.feed }),
    ...(args.feedEndpoint !== undefined && { feedEndpoint: args.feedEndpoint }),
    ...(args.feeds !== undefined && { feeds: args.feeds }),
    ...(args.recordingsDir !== undefined && { recordingsDir: args.recordingsDir }),
  };
}

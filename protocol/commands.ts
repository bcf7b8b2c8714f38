/**
 * Validation of everything the renderer sends the host, and of persisted settings. Both the
 * Electron IPC handlers and the browser-mode web host call these, so the two hosts accept
 * exactly the same inputs.
 */
import { BAR_INTERVALS_MS } from './batch';
import { parseFeedTarget, checkWebSocketUrl } from './feed-target';
import type { CommandArgs, CommandChannel, ReplayControl, Settings, SettingsPatch } from './ipc';
import {
  BATCH_HZ_MAX,
  BATCH_HZ_MIN,
  DEFAULT_SETTINGS,
  MAX_FOCUSED,
  MAX_WATCHLIST_IDS,
  WATCHLIST_COLUMNS,
} from './ipc';

/** A validation outcome: the typed value, or a message naming the field and the problem. */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

type Obj = Record<string, unknown>;
const MAX_PATH_CHARS = 4096;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIdList(v: unknown, max: number): boolean {
  return (
    Array.isArray(v) &&
    v.length <= max &&
    v.every((id) => typeof id === 'string' && id.length > 0 && id.length < 100)
  );
}

function checkSettingsField(key: string, v: unknown): string | null {
  switch (key) {
    case 'feed': {
      if (v === null) return null;
      if (typeof v !== 'string') return 'feed: expected a string or null';
      const parsed = parseFeedTarget(v);
      return parsed.ok ? null : `feed: ${parsed.error}`;
    }
    case 'feedEndpoint':
      if (v === null) return null;
      if (typeof v !== 'string') return 'feedEndpoint: expected a ws:// URL or null';
      return checkWebSocketUrl(v) && `feedEndpoint: ${checkWebSocketUrl(v)}`;
    case 'batchHz':
      return Number.isInteger(v) && (v as number) >= BATCH_HZ_MIN && (v as number) <= BATCH_HZ_MAX
        ? null
        : `batchHz: expected a whole number from ${BATCH_HZ_MIN} to ${BATCH_HZ_MAX}`;
    case 'theme':
      return v === 'dark' || v === 'light' ? null : 'theme: expected "dark" or "light"';
    case 'chartWindowMin':
      return v === 1 || v === 5 || v === 15 ? null : 'chartWindowMin: expected 1, 5 or 15';
    case 'barIntervalMs':
      return (BAR_INTERVALS_MS as readonly unknown[]).includes(v)
        ? null
        : `barIntervalMs: expected one of ${BAR_INTERVALS_MS.join(', ')}`;
    case 'focused':
      if (
        !Array.isArray(v) ||
        v.length > MAX_FOCUSED ||
        !v.every((id) => typeof id === 'string' && id.length > 0 && id.length < 100)
      ) {
        return `focused: expected a list of at most ${MAX_FOCUSED} instrument ids`;
      }
      return null;
    case 'watchlistColumns':
      return Array.isArray(v) &&
        v.every((c) => (WATCHLIST_COLUMNS as readonly unknown[]).includes(c)) &&
        new Set(v).size === v.length
        ? null
        : `watchlistColumns: expected distinct names from ${WATCHLIST_COLUMNS.join(', ')}`;
    case 'pinned':
    case 'hidden':
      return isIdList(v, MAX_WATCHLIST_IDS)
        ? null
        : `${key}: expected a list of at most ${MAX_WATCHLIST_IDS} instrument ids`;
    default:
      return `unknown setting "${key}"`;
  }
}

/** Validates a partial settings object (a patch from the renderer or a command line). */
export function checkSettingsPatch(v: unknown): Checked<SettingsPatch> {
  if (!isObj(v)) return { ok: false, error: 'settings: expected an object' };
  for (const [key, value] of Object.entries(v)) {
    const error = checkSettingsField(key, value);
    if (error) return { ok: false, error };
  }
  return { ok: true, value: v as SettingsPatch };
}

/**
 * Reads settings loaded from disk: known fields that are valid are kept, the rest fall back to
 * defaults and are reported, so one bad field never costs the user all their settings.
 */
export function readSettings(v: unknown): {
  readonly settings: Settings;
  readonly problems: readonly string[];
} {
  if (!isObj(v))
    return { settings: DEFAULT_SETTINGS, problems: ['settings: expected a JSON object'] };
  const merged: Obj = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(v)) {
    const error = checkSettingsField(key, value);
    if (error) problems.push(error);
    else merged[key] = value;
  }
  return { settings: merged as unknown as Settings, problems };
}

function checkReplayControl(v: unknown): string | null {
  if (!isObj(v)) return 'control: expected an object';
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  switch (v.action) {
    case 'play':
    case 'pause':
    case 'step':
      return null;
    case 'seek':
      return finite(v.to) ? null : 'control.to: expected a time in epoch ms';
    case 'speed':
      return finite(v.speed) &&
        ((v.speed as number) === 0 || ((v.speed as number) >= 0.25 && (v.speed as number) <= 100))
        ? null
        : 'control.speed: expected 0 (as fast as possible) or 0.25 to 100';
    case 'loop':
      return typeof v.loop === 'boolean' ? null : 'control.loop: expected true or false';
    case 'range':
      return finite(v.from) && finite(v.to) && (v.from as number) <= (v.to as number)
        ? null
        : 'control: expected from <= to, in epoch ms';
    default:
      return `control.action: unknown action ${JSON.stringify(v.action)}`;
  }
}

function checkPath(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_PATH_CHARS && !v.includes('\0')
    ? null
    : 'path: expected a folder path';
}

const ARG_CHECKS: { readonly [C in CommandChannel]: (args: readonly unknown[]) => string | null } =
  {
    'feed:connect': ([feed]) => (feed === null ? null : checkSettingsField('feed', feed)),
    'feed:disconnect': () => null,
    'settings:get': () => null,
    'settings:update': ([patch]) => {
      const checked = checkSettingsPatch(patch);
      return checked.ok ? null : checked.error;
    },
    'recording:start': () => null,
    'recording:stop': () => null,
    'replay:open': ([path]) => checkPath(path),
    'replay:choose': () => null,
    'replay:control': ([control]) => checkReplayControl(control),
    'replay:close': () => null,
  };

const ARITY: { readonly [C in CommandChannel]: number } = {
  'feed:connect': 1,
  'feed:disconnect': 0,
  'settings:get': 0,
  'settings:update': 1,
  'recording:start': 0,
  'recording:stop': 0,
  'replay:open': 1,
  'replay:choose': 0,
  'replay:control': 1,
  'replay:close': 0,
};

/** True when `channel` names a command (untrusted channel names arrive as strings). */
export function isCommandChannel(channel: unknown): channel is CommandChannel {
  return typeof channel === 'string' && Object.hasOwn(ARG_CHECKS, channel);
}

/** Validates the arguments of a command from the renderer. */
export function validateCommandArgs<C extends CommandChannel>(
  channel: C,
  args: readonly unknown[],
): Checked<CommandArgs<C>> {
  if (!Array.isArray(args) || args.length !== ARITY[channel]) {
    return { ok: false, error: `${channel}: expected ${ARITY[channel]} argument(s)` };
  }
  const error = ARG_CHECKS[channel](args);
  return error
    ? { ok: false, error: `${channel}: ${error}` }
    : { ok: true, value: args as unknown as CommandArgs<C> };
}

export type { ReplayControl };

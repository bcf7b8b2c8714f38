/**
 * Settings validation, defined once for every way settings arrive: a patch from the page or
 * the command line is checked whole (the first bad field refuses it); a file read from disk is
 * read field by field with the same checks (`./settings-read`: a bad field falls back to its
 * default and is reported, so one bad field never costs the user the rest). The command table
 * (`./commands`) checks its settings arguments with these, its path arguments with `./path-check`.
 */
import { readAlertRules } from './alert-check';
import { BAR_INTERVALS_MS } from './batch';
import { checkChartSetups } from './chart-setup-check';
import { checkEndpointField, checkFeedField, readFeedChoices } from './feed-choice-check';
import { MAX_ALERT_RULES } from './limits';
import { checkPanelSizes } from './panel-sizes-check';
import { checkPath, isAbsolutePath } from './path-check';
import { isObj } from './plain-object';
import { readRetiredSources } from './retired-sources';
import { readSavedMainWindow, readSavedWindows } from './saved-windows';
import type { SettingsPatch } from './settings';
import {
  BATCH_HZ_MAX,
  BATCH_HZ_MIN,
  CHART_GRIDS,
  MAX_FOCUSED,
  MAX_WATCHLIST_IDS,
  WATCHLIST_COLUMNS,
} from './settings';

/** A validation outcome: the typed value, or a message naming the field and the problem. */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function isIdList(v: unknown, max: number): boolean {
  return (
    Array.isArray(v) &&
    v.length <= max &&
    v.every((id) => typeof id === 'string' && id.length > 0 && id.length < 100)
  );
}

/** Checks one settings field; null when it is valid, else a message naming it. */
export function checkSettingsField(key: string, v: unknown): string | null {
  switch (key) {
    case 'feed':
      return checkFeedField(v);
    case 'feedEndpoint':
      return checkEndpointField(v);
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
    case 'recordingsDir':
      if (v === null) return null;
      return typeof v === 'string' && isAbsolutePath(v) && checkPath(v) === null
        ? null
        : 'recordingsDir: expected an absolute folder path or null';
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
    case 'compareOverlay':
      return typeof v === 'boolean' ? null : 'compareOverlay: expected true or false';
    case 'chartSetups':
      return checkChartSetups(v);
    case 'alerts': {
      const { problems } = readAlertRules(v, MAX_ALERT_RULES);
      return problems[0] ?? null;
    }
    case 'chartGrid':
      return (CHART_GRIDS as readonly unknown[]).includes(v)
        ? null
        : `chartGrid: expected one of ${CHART_GRIDS.join(', ')}`;
    case 'panels':
      return checkPanelSizes(v);
    case 'windows':
      return readSavedWindows(v).problems[0] ?? null;
    case 'alertSound':
    case 'alertNotifications':
      return typeof v === 'boolean' ? null : `${key}: expected true or false`;
    case 'feeds': {
      const { problems } = readFeedChoices(v);
      return problems[0] ?? null;
    }
    case 'retiredSources':
      return readRetiredSources(v).problems[0] ?? null;
    case 'mainWindow': {
      if (v === null) return null;
      const read = readSavedMainWindow(v);
      return read.ok ? null : read.error;
    }
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

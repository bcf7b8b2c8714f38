/**
 * Settings read from disk (the settings file, a workspace's fields): field by field, each with
 * the check a patch gets (`./settings-check`), a bad field falling back to its default and
 * reported, so one bad field never costs the user the rest.
 */
import { readAlertRules } from './alert-check';
import type { Obj } from './decode-fields';
import { readFeedChoices } from './feed-choice-check';
import { MAX_ALERT_RULES } from './limits';
import { readPanelSizes } from './panel-sizes-check';
import { isObj } from './plain-object';
import { readRetiredSources } from './retired-sources';
import { readSavedMainWindow, readSavedWindows } from './saved-windows';
import type { Settings } from './settings';
import { CHART_GRIDS, DEFAULT_SETTINGS, MAX_FOCUSED } from './settings';
import { checkSettingsField } from './settings-check';
import { SOURCE_NAME_RULE, type SourceNameRule } from './source-names';
import { renameSavedSources } from './source-renames';

/**
 * Reads settings loaded from disk: known fields that are valid are kept, the rest fall back to
 * defaults and are reported, so one bad field never costs the user all their settings. Settings
 * written under an older source-naming `rule` have their instrument names made current
 * (`./source-renames`).
 */
export function readSettings(
  v: unknown,
  rule: SourceNameRule = SOURCE_NAME_RULE,
): {
  readonly settings: Settings;
  readonly problems: readonly string[];
} {
  if (!isObj(v))
    return { settings: DEFAULT_SETTINGS, problems: ['settings: expected a JSON object'] };
  const merged: Obj = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(v)) {
    if (key === 'alerts') {
      // Rule by rule: one bad rule must not cost the user the others.
      const read = readAlertRules(value, MAX_ALERT_RULES);
      merged.alerts = read.rules;
      problems.push(...read.problems);
      continue;
    }
    if (key === 'windows') {
      // Window by window, like the alert rules.
      const read = readSavedWindows(value);
      merged.windows = read.windows;
      problems.push(...read.problems);
      continue;
    }
    if (key === 'mainWindow' && value !== null) {
      // A fresh object of the known fields, as the pop-out windows are read.
      const read = readSavedMainWindow(value);
      if (read.ok) merged.mainWindow = read.value;
      else problems.push(read.error);
      continue;
    }
    if (key === 'panels') {
      // Field by field: one bad size must not reset the others.
      const read = readPanelSizes(value);
      merged.panels = read.panels;
      problems.push(...read.problems);
      continue;
    }
    if (key === 'feeds') {
      // Source by source, likewise.
      const read = readFeedChoices(value);
      merged.feeds = read.feeds;
      problems.push(...read.problems);
      continue;
    }
    if (key === 'retiredSources') {
      const read = readRetiredSources(value);
      merged.retiredSources = read.sources;
      problems.push(...read.problems);
      continue;
    }
    const error = checkSettingsField(key, value);
    if (error) problems.push(error);
    else merged[key] = value;
  }
  // A file from before the chart grid keeps every chart it compared: the smallest grid that
  // holds them, not the default one.
  if (!('chartGrid' in v)) {
    const charted = Math.max(
      (merged.focused as readonly string[]).length,
      DEFAULT_SETTINGS.chartGrid,
    );
    merged.chartGrid = CHART_GRIDS.find((g) => g >= charted) ?? MAX_FOCUSED;
  }
  return { settings: renameSavedSources(merged as unknown as Settings, rule), problems };
}

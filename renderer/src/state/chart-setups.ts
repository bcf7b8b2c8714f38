/**
 * The charts' saved choices: one instrument's setup in the settings' per-instrument record, and
 * what a chart area shows and saves of them, for the main window's charts and a popped-out one.
 */
import type { Settings, SettingsPatch } from '../../../protocol/settings';
import {
  DEFAULT_CHART_SETUP,
  MAX_CHART_SETUPS,
  type ChartSetup,
} from '../../../protocol/chart-setup';
import type { TimeRangeChoice } from './time-range';

/**
 * The record with `id` set to `setup`, most recently changed last. A setup back at the default is
 * dropped, and past {@link MAX_CHART_SETUPS} instruments the least recently changed go, so the
 * record stays within what the settings check accepts.
 */
export function withChartSetup(
  setups: Readonly<Record<string, ChartSetup>>,
  id: string,
  setup: ChartSetup,
): Record<string, ChartSetup> {
  const entries = Object.entries(setups).filter(([k]) => k !== id);
  if (JSON.stringify(setup) !== JSON.stringify(DEFAULT_CHART_SETUP)) entries.push([id, setup]);
  return Object.fromEntries(entries.slice(-MAX_CHART_SETUPS));
}

/**
 * A chart area's saved choices (time range, bar interval, each instrument's setup) read from
 * `source.settings`, and their changes given to `save`: `{...savedChartChoices(dash, save)}` on
 * a ChartsPanel. The settings are read when a change comes, so a setup saved just before is kept.
 */
export function savedChartChoices(
  source: { readonly settings: Settings },
  save: (patch: SettingsPatch) => void,
) {
  const settings = source.settings;
  return {
    windowMin: settings.chartWindowMin,
    barIntervalMs: settings.barIntervalMs,
    setups: settings.chartSetups,
    onrange: (r: TimeRangeChoice) =>
      save({ chartWindowMin: r.windowMin, barIntervalMs: r.barIntervalMs }),
    onsetup: (id: string, setup: ChartSetup) =>
      save({ chartSetups: withChartSetup(source.settings.chartSetups, id, setup) }),
  };
}

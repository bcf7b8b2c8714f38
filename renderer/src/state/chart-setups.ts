/** Saving one instrument's chart setup into the settings' per-instrument record. */
import { DEFAULT_CHART_SETUP, MAX_CHART_SETUPS, type ChartSetup } from '../../../protocol/settings';

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

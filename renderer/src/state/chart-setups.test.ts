import { describe, expect, it } from 'vitest';
import { checkChartSetups } from '../../../protocol/chart-setup-check';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../../protocol/settings';
import { DEFAULT_CHART_SETUP, MAX_CHART_SETUPS } from '../../../protocol/chart-setup';
import { savedChartChoices, withChartSetup } from './chart-setups';

const sma = { indicators: [{ kind: 'sma', period: 20 }], priceLines: [] } as const;

describe('withChartSetup', () => {
  it('sets one instrument, keeps the others, and drops a setup back at the default', () => {
    const one = withChartSetup({}, 'ACME', sma);
    const two = withChartSetup(one, 'BOLT', { indicators: [], priceLines: [10] });
    expect(Object.keys(two)).toEqual(['ACME', 'BOLT']);
    expect(withChartSetup(two, 'ACME', DEFAULT_CHART_SETUP)).toEqual({ BOLT: two.BOLT });
  });

  it('forgets the least recently changed past the bound, so the host accepts it', () => {
    let setups = {};
    for (let i = 0; i <= MAX_CHART_SETUPS; i++) setups = withChartSetup(setups, `I${i}`, sma);
    expect(Object.keys(setups)).toHaveLength(MAX_CHART_SETUPS);
    expect(setups).not.toHaveProperty('I0');
    expect(checkChartSetups(setups)).toBeNull();
  });
});

describe('savedChartChoices', () => {
  it("saves the range, and each instrument's setup beside those the settings hold when it comes", () => {
    const dash: { settings: Settings } = {
      settings: { ...DEFAULT_SETTINGS, chartSetups: { ACME: sma } },
    };
    const saved: SettingsPatch[] = [];
    const choices = savedChartChoices(dash, (patch) => saved.push(patch));
    expect(choices.setups).toEqual({ ACME: sma });
    choices.onrange({ windowMin: 1, barIntervalMs: 5_000 });
    // A setup saved meanwhile (another chart's) is kept, not overwritten by the one read before.
    dash.settings = { ...dash.settings, chartSetups: { ACME: sma, GLBX: sma } };
    choices.onsetup('BOLT', { indicators: [], priceLines: [10] });
    expect(saved[0]).toEqual({ chartWindowMin: 1, barIntervalMs: 5_000 });
    expect(Object.keys(saved[1]!.chartSetups!)).toEqual(['ACME', 'GLBX', 'BOLT']);
  });
});

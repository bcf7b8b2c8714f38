import { describe, expect, it } from 'vitest';
import { checkChartSetups } from '../../../protocol/chart-setup-check';
import { DEFAULT_CHART_SETUP, MAX_CHART_SETUPS } from '../../../protocol/settings';
import { withChartSetup } from './chart-setups';

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

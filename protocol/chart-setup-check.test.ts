import { describe, expect, it } from 'vitest';
import { checkChartSetups } from './chart-setup-check';
import { checkSettingsPatch } from './settings-check';
import { readSettings } from './settings-read';
import { DEFAULT_SETTINGS } from './settings';
import { MAX_CHART_SETUPS } from './chart-setup';

const good = {
  ACME: {
    indicators: [
      { kind: 'sma', period: 20 },
      { kind: 'bollinger', period: 20, stdDev: 2 },
      { kind: 'vwap' },
      { kind: 'rsi', period: 14 },
    ],
    priceLines: [101.25],
    priceIndicators: [
      { kind: 'ema', period: 9 },
      { kind: 'bollinger', period: 20, stdDev: 2 },
      { kind: 'vwap' },
      { kind: 'rsi', period: 14 },
      { kind: 'volume' },
    ],
  },
};

describe('checkChartSetups', () => {
  it('accepts indicators with parameters in bounds and finite price lines', () => {
    expect(checkChartSetups(good)).toBeNull();
    expect(checkSettingsPatch({ chartSetups: good }).ok).toBe(true);
  });

  it.each([
    [[], /^chartSetups: expected an object keyed by instrument id/],
    [{ ACME: { indicators: [] } }, /chartSetups: "ACME"\.priceLines/],
    [
      { ACME: { indicators: [{ kind: 'sma', period: 1 }], priceLines: [] } },
      /chartSetups: "ACME"\.indicators\[0\]\.period: expected a whole number from 2 to 500/,
    ],
    [
      { ACME: { indicators: [{ kind: 'ema', period: 2.5 }], priceLines: [] } },
      /indicators\[0\]\.period/,
    ],
    [
      { ACME: { indicators: [{ kind: 'bollinger', period: 20, stdDev: 9 }], priceLines: [] } },
      /indicators\[0\]\.stdDev: expected a number from 0.5 to 5/,
    ],
    [
      { ACME: { indicators: [{ kind: 'macd', period: 12 }], priceLines: [] } },
      /indicators\[0\]\.kind: expected one of sma, ema, vwap, bollinger, rsi, volume/,
    ],
    [
      { ACME: { indicators: [{ kind: 'vwap', period: 3 }], priceLines: [] } },
      /indicators\[0\]: unknown field "period"/,
    ],
    [{ ACME: { indicators: [], priceLines: [Infinity] } }, /priceLines: expected a list/],
    [{ ACME: { indicators: Array(9).fill({ kind: 'vwap' }), priceLines: [] } }, /at most 8/],
    [
      { ACME: { indicators: [], priceLines: [], priceIndicators: [{ kind: 'sma', period: 0 }] } },
      /"ACME"\.priceIndicators\[0\]\.period: expected a whole number/,
    ],
    [
      { ACME: { indicators: [], priceLines: [], priceIndicators: [{ kind: 'macd', period: 9 }] } },
      /priceIndicators\[0\]\.kind: expected one of sma, ema, vwap, bollinger, rsi, volume/,
    ],
    [
      {
        ACME: {
          indicators: [],
          priceLines: [],
          priceIndicators: Array(9).fill({ kind: 'sma', period: 5 }),
        },
      },
      /priceIndicators: expected a list of at most 8/,
    ],
  ])('rejects %j naming the field', (value, error) => {
    expect(checkChartSetups(value)).toMatch(error);
  });

  it('bounds the number of instruments kept', () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_CHART_SETUPS + 1 }, (_, i) => [
        `I${i}`,
        { indicators: [], priceLines: [] },
      ]),
    );
    expect(checkChartSetups(many)).toMatch(/at most 100 instruments/);
  });

  it('a bad saved setup falls back to none without costing the other settings', () => {
    const { settings, problems } = readSettings({
      theme: 'light',
      chartSetups: { ACME: { indicators: [{ kind: 'sma', period: 0 }], priceLines: [] } },
    });
    expect(settings.theme).toBe('light');
    expect(settings.chartSetups).toEqual(DEFAULT_SETTINGS.chartSetups);
    expect(problems).toEqual([expect.stringMatching(/period/)]);
  });
});

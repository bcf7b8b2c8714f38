import { describe, expect, it } from 'vitest';
import { MAX_HISTORY_POINTS, checkPriceHistoryRequest } from './price-history';

const OK = { id: 'ACME', from: 1_000, to: 2_000, maxPoints: 500 };

describe('checkPriceHistoryRequest', () => {
  it('accepts a bounded range and count', () => {
    expect(checkPriceHistoryRequest(OK)).toBeNull();
    expect(checkPriceHistoryRequest({ ...OK, maxPoints: MAX_HISTORY_POINTS })).toBeNull();
    expect(checkPriceHistoryRequest({ ...OK, barIntervalMs: 5_000 })).toBeNull();
  });

  it('refuses what is unbounded or malformed, naming the field', () => {
    expect(checkPriceHistoryRequest(null)).toMatch(/^history: expected an object/);
    expect(checkPriceHistoryRequest({ ...OK, id: '' })).toMatch(/^history\.id: /);
    expect(checkPriceHistoryRequest({ ...OK, from: -1 })).toMatch(/^history\.from: /);
    expect(checkPriceHistoryRequest({ ...OK, to: 1.5e300 })).toMatch(/^history\.to: /);
    expect(checkPriceHistoryRequest({ ...OK, to: 1_000 })).toBe(
      'history.to: expected a time after from',
    );
    expect(checkPriceHistoryRequest({ ...OK, maxPoints: MAX_HISTORY_POINTS + 1 })).toBe(
      `history.maxPoints: expected a whole number from 2 to ${MAX_HISTORY_POINTS}`,
    );
    expect(checkPriceHistoryRequest({ ...OK, maxPoints: 1 })).toMatch(/^history\.maxPoints/);
    expect(checkPriceHistoryRequest({ ...OK, barIntervalMs: 2_000 })).toBe(
      'history.barIntervalMs: expected one of 1000, 5000, 60000',
    );
  });
});

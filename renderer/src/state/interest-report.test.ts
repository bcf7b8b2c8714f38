import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Interest } from '../../../protocol/interest';
import { MAX_INTEREST_CHARTED, MAX_INTEREST_ROWS } from '../../../protocol/limits';
import { INTEREST_DEBOUNCE_MS, INTEREST_MAX_WAIT_MS, InterestReport } from './interest-report';

const TIMERS = {
  set: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

describe('InterestReport', () => {
  let sent: Interest[];
  let report: InterestReport;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    report = new InterestReport((i) => sent.push(i), TIMERS);
  });
  afterEach(() => vi.useRealTimers());

  it('sends the rows, the charted and the selected instrument together once things settle', () => {
    report.setRows(['A', 'B']);
    report.setCharted(['C'], 'C');
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(INTEREST_DEBOUNCE_MS);
    expect(sent).toEqual([{ rows: ['A', 'B'], charted: ['C'], selected: 'C' }]);
  });

  it('sends a popped-out chart’s wish for no other instruments with its chart', () => {
    report.setCharted(['C'], 'C');
    report.setOthers('none');
    vi.advanceTimersByTime(INTEREST_DEBOUNCE_MS);
    expect(sent).toEqual([{ rows: [], charted: ['C'], selected: 'C', others: 'none' }]);
  });

  it('sends the book levels the page shows of the selected instrument, and keeps them', () => {
    report.setCharted(['C', 'D'], 'C', 10);
    report.setRows(['A']);
    vi.advanceTimersByTime(INTEREST_DEBOUNCE_MS);
    expect(sent).toEqual([{ rows: ['A'], charted: ['C', 'D'], selected: 'C', depthLevels: 10 }]);
  });

  it('sends nothing when what the page shows did not change', () => {
    report.setRows(['A']);
    vi.advanceTimersByTime(INTEREST_DEBOUNCE_MS);
    report.setRows(['A']);
    vi.advanceTimersByTime(INTEREST_DEBOUNCE_MS);
    expect(sent).toHaveLength(1);
  });

  it('a long scroll sends a few declarations, the first within the longest wait', () => {
    for (let i = 0; i < 60; i++) {
      report.setRows([`R${i}`]);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(INTEREST_DEBOUNCE_MS);
    expect(sent.length).toBeGreaterThanOrEqual(600 / INTEREST_MAX_WAIT_MS - 1);
    expect(sent.length).toBeLessThanOrEqual(600 / INTEREST_MAX_WAIT_MS + 1);
    expect(sent.at(-1)!.rows).toEqual(['R59']);
  });

  it('holds the lists to the protocol bounds, so the host never refuses the page', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `I${i}`);
    report.setRows(ids(MAX_INTEREST_ROWS + 50));
    report.setCharted(ids(MAX_INTEREST_CHARTED + 5), 'I0');
    vi.advanceTimersByTime(INTEREST_DEBOUNCE_MS);
    expect(sent[0]!.rows).toHaveLength(MAX_INTEREST_ROWS);
    expect(sent[0]!.charted).toHaveLength(MAX_INTEREST_CHARTED);
  });
});

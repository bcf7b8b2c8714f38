import { describe, expect, it } from 'vitest';
import { parseAlertLine } from '../../../protocol/alert-line';
import type { AlertEvent } from '../../../protocol/alerts';
import { alertSummary } from './alert-words';

const fired = (line: string, value: number, replayPosition: number | null = null): AlertEvent => {
  const rule = parseAlertLine(line, { id: 'r1', now: 0 });
  if (!rule.ok) throw new Error(rule.error);
  const tick = { instrument: 'm1', seq: 1, ts: 0, value };
  return { id: 1, rule: rule.value, text: line, tick, firedAt: 0, replayPosition };
};

describe('alertSummary', () => {
  it('words a red card by its minute and a goal by the goals so far', () => {
    expect(alertSummary(fired('match:m1 red-card', 2_712_000))).toBe("match:m1 red-card at 46'");
    expect(alertSummary(fired('match:m1 goal', 2))).toBe('match:m1 goal (2 goals in the match)');
  });

  it('gives a price as it is, and marks a replay’s alert with the recorded time it fired at (bug 172)', () => {
    const recorded = new Date(2026, 10, 25, 14, 3, 27, 400).getTime();
    expect(alertSummary(fired('ACME below 90', 89.5, recorded))).toBe(
      'ACME below 90 at 89.5 (replay at 14:03:27.4)',
    );
  });
});

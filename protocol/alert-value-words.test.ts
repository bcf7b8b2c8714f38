import { describe, expect, it } from 'vitest';
import type { AlertEvent } from './alerts';
import { parseAlertLine, type AlertLineContext } from './alert-line';
import { alertValueWords } from './alert-value-words';

const CTX: AlertLineContext = { id: 'r1', now: 1_000 };

describe('alertValueWords', () => {
  const fired = (line: string, value: number | null): AlertEvent => {
    const rule = parseAlertLine(line, CTX);
    if (!rule.ok) throw new Error(rule.error);
    const tick = { instrument: 'm1', seq: 1, ts: 0, value };
    return { id: 1, rule: rule.value, text: line, tick, firedAt: 0, replayPosition: null };
  };

  it('gives a red card’s minute, not the match clock in ms', () => {
    expect(alertValueWords(fired('match:m1 red-card', 2_712_000))).toBe("at 46'");
    expect(alertValueWords(fired('match:m1 red-card away', 30_000))).toBe("at 1'");
  });

  it('says whose goals a goal’s value counts', () => {
    expect(alertValueWords(fired('match:m1 goal', 3))).toBe('(3 goals in the match)');
    expect(alertValueWords(fired('match:m1 goal home', 1))).toBe('(1 goal for home)');
  });

  it('gives a price, odds or volume as it is, and nothing for a status change', () => {
    expect(alertValueWords(fired('ACME below 90', 89.5))).toBe('at 89.5');
    expect(alertValueWords(fired('match:m1 odds-move-pct home 5 10s', 2.42))).toBe('at 2.42');
    expect(alertValueWords(fired('match:m1 status full-time', null))).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import type { AlertRule } from './alerts';
import { checkAlertRule, readAlertRules } from './alert-check';
import { formatAlertRule } from './alert-line';
import {
  MAX_ALERT_COOLDOWN_MS,
  MAX_ALERT_ID_CHARS,
  MAX_ALERT_NOTE_CHARS,
  MAX_ALERT_WINDOW_MS,
  MAX_ID_CHARS,
  MAX_TIME_MS,
} from './limits';
import { SAMPLE_RULE } from '../test-support/alert-rules';

const GOOD: AlertRule = SAMPLE_RULE;

/** The error of a rule read from JSON, or 'ok'. */
const verdict = (rule: Record<string, unknown>): string => {
  const r = checkAlertRule(rule);
  return r.ok ? 'ok' : r.error;
};
const withCondition = (condition: Record<string, unknown>, instrument = 'ACME') =>
  verdict({ ...GOOD, instrument, condition });

describe('checkAlertRule: conditions', () => {
  it('checks the level and price source of a level condition', () => {
    expect(withCondition({ type: 'below', level: -1e15, price: 'mid' })).toBe('ok');
    expect(withCondition({ type: 'crosses-up', level: 1, price: 'bid' })).toBe(
      'alert "r1": price: expected one of last, mid, got "bid"',
    );
    expect(withCondition({ type: 'crosses-down', level: 1e16, price: 'last' })).toMatch(
      /^alert "r1": level: expected at least -1000000000000000 and at most 1000000000000000, got /,
    );
  });

  it('bounds a fall at 100 % and a rise at 1,000 %, over a window, on a price source', () => {
    const move = (type: string, pct: unknown, windowMs: unknown, price: unknown = 'last') =>
      withCondition({ type, pct, windowMs, price });
    expect(move('move-down-pct', 100, 10_000)).toBe('ok');
    expect(move('move-down-pct', 101, 10_000)).toBe(
      'alert "r1": pct: expected more than 0 and at most 100, got 101',
    );
    expect(move('move-up-pct', 1_000, 10_000)).toBe('ok');
    expect(move('move-up-pct', 1_001, 10_000)).toBe(
      'alert "r1": pct: expected more than 0 and at most 1000, got 1001',
    );
    expect(move('move-up-pct', 0, 10_000)).toMatch(/^alert "r1": pct: expected more than 0/);
    expect(move('move-up-pct', 5, 0)).toBe(
      'alert "r1": window: expected a window from 1ms to 1h, got 0',
    );
    expect(move('move-up-pct', 5, 10_000, 'ask')).toBe(
      'alert "r1": price: expected one of last, mid, got "ask"',
    );
  });

  it('checks the spread and the volume, with its window', () => {
    expect(withCondition({ type: 'spread-above', value: 0 })).toBe('ok');
    expect(withCondition({ type: 'spread-above', value: -0.1 })).toBe(
      'alert "r1": value: expected at least 0 and at most 1000000000000000, got -0.1',
    );
    expect(withCondition({ type: 'volume-above', volume: 10, windowMs: 60_000 })).toBe('ok');
    expect(withCondition({ type: 'volume-above', volume: -1, windowMs: 60_000 })).toMatch(
      /^alert "r1": volume: expected at least 0/,
    );
    expect(withCondition({ type: 'volume-above', volume: 10, windowMs: 1.5 })).toBe(
      'alert "r1": window: expected a window from 1ms to 1h, got 1.5',
    );
  });

  it('checks the side, phase and outcome of match conditions', () => {
    expect(withCondition({ type: 'goal', side: null }, 'm1')).toBe('ok');
    expect(withCondition({ type: 'red-card', side: 'away' }, 'm1')).toBe('ok');
    expect(withCondition({ type: 'goal', side: 'left' }, 'm1')).toBe(
      'alert "r1": side: expected one of home, away, got "left"',
    );
    expect(withCondition({ type: 'status', phase: 'full-time' }, 'm1')).toBe('ok');
    expect(withCondition({ type: 'status', phase: 'lunch' }, 'm1')).toBe(
      'alert "r1": phase: expected one of kickoff, half-time, full-time, suspended, called-off, got "lunch"',
    );
    const odds = (outcome: unknown, pct: unknown, windowMs: unknown) =>
      withCondition({ type: 'odds-move-pct', outcome, pct, windowMs }, 'm1');
    expect(odds('draw', 1_000, 60_000)).toBe('ok');
    expect(odds('tie', 10, 60_000)).toBe(
      'alert "r1": outcome: expected one of home, draw, away, got "tie"',
    );
    expect(odds('draw', 1_001, 60_000)).toMatch(/^alert "r1": pct: expected more than 0/);
    expect(odds('draw', 10, MAX_ALERT_WINDOW_MS + 1)).toMatch(/^alert "r1": window: /);
  });

  it('takes a disconnection from 1 ms to a day, in whole milliseconds', () => {
    const after = (durationMs: unknown) =>
      withCondition({ type: 'disconnected-for', durationMs }, '*');
    expect(after(1)).toBe('ok');
    expect(after(MAX_ALERT_COOLDOWN_MS)).toBe('ok');
    for (const bad of [0, 1.5, MAX_ALERT_COOLDOWN_MS + 1])
      expect(after(bad)).toBe(`alert "r1": duration: expected 1ms to 24h, got ${bad}`);
    expect(withCondition({ type: 'stalled' }, '*')).toBe('ok');
    expect(withCondition({ type: 'gap' }, '*')).toBe('ok');
  });

  it('names an unknown condition and lists the known ones', () => {
    expect(withCondition({ type: 'teleport' })).toBe(
      'alert "r1": condition: unknown condition "teleport" (expected one of above, below, ' +
        'crosses-up, crosses-down, move-up-pct, move-down-pct, spread-above, volume-above, goal, ' +
        'red-card, status, odds-move-pct, stalled, disconnected-for, gap)',
    );
  });
});

describe('checkAlertRule: the rest of the rule', () => {
  it('refuses what is not an object, or a rule whose condition is not one', () => {
    for (const bad of [null, [GOOD], 5, 'ACME above 5'])
      expect(checkAlertRule(bad)).toEqual({ ok: false, error: 'alert rule: expected an object' });
    for (const condition of [null, [], 'above'])
      expect(verdict({ ...GOOD, condition })).toBe('alert "r1": condition: expected an object');
  });

  it('takes an id of up to 64 letters, digits, dots, underscores and dashes', () => {
    expect(verdict({ ...GOOD, id: `a.b_c-D9${'x'.repeat(MAX_ALERT_ID_CHARS - 8)}` })).toBe('ok');
    const idError = (got: string) =>
      `alert rule: id: expected 1 to 64 letters, digits, ".", "_" or "-", got ${got}`;
    expect(verdict({ ...GOOD, id: 'x'.repeat(MAX_ALERT_ID_CHARS + 1) })).toBe(
      idError(`"${'x'.repeat(40)}…"`),
    );
    expect(verdict({ ...GOOD, id: '' })).toBe(idError('""'));
    expect(verdict({ ...GOOD, id: 7 })).toBe(idError('7'));
    expect(verdict({ ...GOOD, id: 'r/1' })).toBe(idError('"r/1"'));
  });

  it('takes an instrument id of up to 256 characters without spaces, and "*" only for the feed', () => {
    expect(verdict({ ...GOOD, instrument: 'x'.repeat(MAX_ID_CHARS) })).toBe('ok');
    const instrumentError = (got: string) =>
      `alert "r1": instrument: expected an id of 1 to 256 characters without spaces, got ${got}`;
    expect(verdict({ ...GOOD, instrument: 'x'.repeat(MAX_ID_CHARS + 1) })).toBe(
      instrumentError(`"${'x'.repeat(40)}…"`),
    );
    expect(verdict({ ...GOOD, instrument: '' })).toBe(instrumentError('""'));
    expect(verdict({ ...GOOD, instrument: 'AC ME' })).toBe(instrumentError('"AC ME"'));
    expect(verdict({ ...GOOD, instrument: 42 })).toBe(instrumentError('42'));
    expect(verdict({ ...GOOD, instrument: '*' })).toBe(
      'alert "r1": instrument: "above" needs an instrument, not the feed',
    );
    expect(withCondition({ type: 'stalled' }, 'ACME')).toBe(
      'alert "r1": instrument: "stalled" is a feed condition; its target is "feed" (*)',
    );
  });

  it('takes a cooldown of 0 ms to a day, in whole milliseconds', () => {
    const every = (cooldownMs: unknown) =>
      verdict({ ...GOOD, trigger: { mode: 'every', cooldownMs } });
    expect(every(0)).toBe('ok');
    expect(every(MAX_ALERT_COOLDOWN_MS)).toBe('ok');
    for (const bad of [-1, 0.5, MAX_ALERT_COOLDOWN_MS + 1])
      expect(every(bad)).toBe(`alert "r1": cooldown: expected 0 to 24h, got ${bad}`);
    expect(verdict({ ...GOOD, trigger: null })).toBe('alert "r1": trigger: expected an object');
    expect(verdict({ ...GOOD, trigger: 'once' })).toBe('alert "r1": trigger: expected an object');
    expect(verdict({ ...GOOD, trigger: { mode: 'twice' } })).toBe(
      'alert "r1": trigger: expected mode "once" or "every", got "twice"',
    );
  });

  it('takes an expiry time from 0 to the last representable date, or none', () => {
    expect(verdict({ ...GOOD, expiresAt: 0 })).toBe('ok');
    expect(verdict({ ...GOOD, expiresAt: MAX_TIME_MS })).toBe('ok');
    expect(verdict({ ...GOOD, expiresAt: -1 })).toBe(
      'alert "r1": expiresAt: expected at least 0 and at most 8640000000000000, got -1',
    );
    expect(verdict({ ...GOOD, expiresAt: 'tomorrow' })).toBe(
      'alert "r1": expiresAt: expected a number, got "tomorrow"',
    );
  });

  it('takes a note of up to 500 characters and a true or false enabled', () => {
    expect(verdict({ ...GOOD, note: 'n'.repeat(MAX_ALERT_NOTE_CHARS) })).toBe('ok');
    expect(verdict({ ...GOOD, note: 5 })).toBe(
      'alert "r1": note: expected text of at most 500 characters',
    );
    expect(verdict({ ...GOOD, enabled: false })).toBe('ok');
    expect(verdict({ ...GOOD, enabled: 'yes' })).toBe(
      'alert "r1": enabled: expected true or false',
    );
  });

  it("keeps a once rule's fired time, bounded, and reports a bad one by name", () => {
    const once = { ...GOOD, trigger: { mode: 'once' } };
    expect(checkAlertRule({ ...once, firedAt: 1_700_000_000_000 })).toEqual({
      ok: true,
      value: { ...once, firedAt: 1_700_000_000_000 },
    });
    // Null reads as not fired, and is not carried.
    expect(checkAlertRule({ ...once, firedAt: null })).toEqual({ ok: true, value: once });
    expect(verdict({ ...once, firedAt: -1 })).toBe(
      'alert "r1": firedAt: expected at least 0 and at most 8640000000000000, got -1',
    );
    expect(verdict({ ...once, firedAt: MAX_TIME_MS + 1 })).toMatch(/^alert "r1": firedAt: /);
    expect(verdict({ ...once, firedAt: 1.5 })).toBe(
      'alert "r1": firedAt: expected a time in whole ms, got 1.5',
    );
    expect(verdict({ ...once, firedAt: 'yesterday' })).toBe(
      'alert "r1": firedAt: expected a time in whole ms, got "yesterday"',
    );
    expect(verdict({ ...GOOD, trigger: { mode: 'every', cooldownMs: 0 }, firedAt: 5 })).toBe(
      'alert "r1": firedAt: only a "once" rule stays fired',
    );
  });

  it('hands back only the fields a rule has, in one key order, whatever else the JSON held', () => {
    const goal = {
      enabled: true,
      note: '',
      expiresAt: null,
      trigger: { cooldownMs: 5, mode: 'once' },
      condition: { price: 'mid', side: null, type: 'goal' },
      instrument: 'm1',
      id: 'g',
      junk: 'x'.repeat(400_000),
    };
    const checked = checkAlertRule(goal);
    if (!checked.ok) throw new Error(checked.error);
    expect(JSON.stringify(checked.value)).toBe(
      '{"id":"g","instrument":"m1","condition":{"type":"goal","side":null},"trigger":{"mode":"once"},"expiresAt":null,"note":"","enabled":true}',
    );
    expect(formatAlertRule(checked.value)).toBe('match:m1 goal');
  });

  it('hands back the rule it checked', () => {
    const rule = { ...GOOD, trigger: { mode: 'every', cooldownMs: 1_000 } };
    expect(checkAlertRule(rule)).toEqual({ ok: true, value: rule });
  });
});

describe('readAlertRules', () => {
  it('refuses what is not a list', () => {
    expect(readAlertRules({ 0: GOOD }, 10)).toEqual({
      rules: [],
      problems: ['alerts: expected a list of rules'],
    });
  });

  it('loads up to the most rules it may keep and says the rest were skipped', () => {
    const rules = ['a', 'b', 'c'].map((id) => ({ ...GOOD, id }));
    expect(readAlertRules(rules, 3)).toEqual({ rules, problems: [] });
    expect(readAlertRules([...rules, { ...GOOD, id: 'd' }, { ...GOOD, id: 'e' }], 3)).toEqual({
      rules,
      problems: ['alerts: more than 3 rules; the rest are skipped'],
    });
  });

  it('skips a saved rule with an id of the --alert rules, which would share the one list with them', () => {
    expect(readAlertRules([{ ...GOOD, id: 'cli-1' }, GOOD], 10)).toEqual({
      rules: [GOOD],
      problems: ['alerts: rule 1: alert "cli-1": "cli-" ids belong to --alert; skipped'],
    });
  });

  it('numbers a bad rule by its place in the list', () => {
    expect(readAlertRules([GOOD, { ...GOOD, id: 'r2', enabled: 1 }], 10).problems).toEqual([
      'alerts: rule 2: alert "r2": enabled: expected true or false',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule, AlertStatesChange } from '../../../protocol/alerts';
import { logWithHeard, rulesAfter, statesAfter } from './alerts-view';

const rule = (id: string) => ({ id }) as AlertRule;
const change = (parts: Partial<AlertStatesChange>): AlertStatesChange => ({
  version: 1,
  states: {},
  put: [],
  removed: [],
  logCleared: false,
  ...parts,
});
const event = (id: number, of = 'a') => ({ id, firedAt: 1_000, rule: rule(of) }) as AlertEvent;

describe('the alerts view', () => {
  it('keeps the rules and states objects when a change touches neither', () => {
    const rules = [rule('a')];
    const states = { a: 'armed' } as const;
    expect(rulesAfter(rules, change({ logCleared: true }))).toBe(rules);
    expect(statesAfter(states, change({ logCleared: true }))).toBe(states);
  });

  it("drops a removed rule's state, but keeps a moved one's (removed and put again)", () => {
    const states = { a: 'armed', b: 'fired' } as const;
    const moved = change({ removed: ['a', 'b'], put: [{ rule: rule('b'), index: 0 }] });
    expect(statesAfter(states, moved)).toEqual({ b: 'fired' });
    expect(statesAfter(states, change({ states: { a: 'fired' } }))).toEqual({
      a: 'fired',
      b: 'fired',
    });
  });

  it('keeps the alerts heard since the view was asked for that it lacks, newest first', () => {
    const log = [event(3), event(2), event(1)];
    const viewLog = [event(2), event(1)];
    expect(logWithHeard(viewLog, log, 2, 10).map((e) => e.id)).toEqual([3, 2, 1]);
    expect(logWithHeard(viewLog, log, 0, 10).map((e) => e.id)).toEqual([2, 1]);
    expect(logWithHeard(viewLog, log, 9, 2).map((e) => e.id)).toEqual([3, 2]);
  });

  it("keeps another rule's alert a flood of heard alerts would push out (bug 244)", () => {
    const log = [event(4), event(3), event(2)];
    const viewLog = [event(2), event(1, 'quiet')];
    expect(logWithHeard(viewLog, log, 3, 3).map((e) => e.id)).toEqual([4, 3, 1]);
  });
});

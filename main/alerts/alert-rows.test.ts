import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../protocol/alerts';
import { parseAlertLine } from '../../protocol/alert-line';
import { trade } from '../../test-support/engine-fixtures';
import { AlertEvaluator } from './alert-evaluator';

/** More than the rows' first allocation (64), so the rows' memory is moved once. */
const INSTRUMENTS = 100;

describe('AlertRows', () => {
  it('keeps every instrument on its own window ring after the rows and the rings outgrow their first memory', () => {
    const ids = Array.from({ length: INSTRUMENTS }, (_, i) => `I${i}`);
    const evaluator = new AlertEvaluator(() => 0);
    evaluator.setRules(
      ids.map((id) => {
        const parsed = parseAlertLine(`${id} move-down-pct 50 60s`, { id, now: 0 });
        if (!parsed.ok) throw new Error(parsed.error);
        return parsed.value;
      }),
    );
    const events: AlertEvent[] = [];
    evaluator.onAlert((e) => events.push(e));
    // Falling prices all stay in each highs' deque: 20 entries outgrow its first ring of 16.
    // Instrument i's prices are its own (100 + i down), so a ring read for another one fires
    // at the wrong tick or not at all.
    for (let step = 0; step < 20; step++)
      ids.forEach((id, i) => evaluator.onTick(trade(id, step + 1, 100 + i - step, step), false, 1));
    // Half its high, exactly: a 50 % fall fires; a neighbour's higher high would fire earlier.
    ids.forEach((id, i) => evaluator.onTick(trade(id, 21, (100 + i) / 2 + 0.5, 20), false, 1));
    expect(events).toEqual([]);
    ids.forEach((id, i) => evaluator.onTick(trade(id, 22, (100 + i) / 2, 21), false, 1));
    expect(events.map((e) => `${e.rule.id}@${e.tick?.ts}`)).toEqual(ids.map((id) => `${id}@21`));
  });
});

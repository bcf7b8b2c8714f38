import { describe, expect, it } from 'vitest';
import type { Tick } from '../../protocol/feed';
import { evaluatorWith } from '../../test-support/alert-evaluator';
import { ruleLine } from '../../test-support/alert-rules';

const trade = (instrument: string, seq: number, price: number): Tick => ({
  instrument,
  seq,
  ts: seq,
  kind: 'trade',
  price,
  size: 1,
  side: 'sell',
});

/** A feed whose instruments are `ids`, counting how often it is asked about one. */
function feed(...ids: string[]) {
  const known = new Set(ids);
  const f = {
    instrumentsVersion: 0,
    asked: 0,
    has(id: string) {
      f.asked++;
      return known.has(id);
    },
    set(...next: string[]) {
      known.clear();
      for (const id of next) known.add(id);
      f.instrumentsVersion++;
    },
  };
  return f;
}

describe('rule states told when they change', () => {
  it('reports a pending rule armed once the feed gets its instrument, and pending when it goes', () => {
    const f = feed('ACME');
    const { evaluator } = evaluatorWith([
      ruleLine('ACME above 10', 'a'),
      ruleLine('LATER above 10', 'later'),
    ]);
    expect(evaluator.allStates(f)).toEqual({ a: 'armed', later: 'pending' });
    expect(evaluator.changedStates(f)).toBeNull();
    f.set('ACME', 'LATER');
    expect(evaluator.changedStates(f)).toEqual({ later: 'armed' });
    expect(evaluator.changedStates(f)).toBeNull();
    f.set('LATER');
    expect(evaluator.changedStates(f)).toEqual({ a: 'pending' });
  });

  it('reports a rule expired once its expiry passes, and only then', () => {
    const f = feed('ACME');
    const { evaluator, setNow } = evaluatorWith([
      ruleLine('ACME above 10 expires 5s', 'soon', 0),
      ruleLine('ACME above 10 expires 9s', 'later', 0),
    ]);
    evaluator.allStates(f);
    setNow(4_999);
    expect(evaluator.changedStates(f)).toBeNull();
    setNow(5_000);
    expect(evaluator.changedStates(f)).toEqual({ soon: 'expired' });
    setNow(8_000);
    expect(evaluator.changedStates(f)).toBeNull();
    setNow(9_500);
    expect(evaluator.changedStates(f)).toEqual({ later: 'expired' });
  });

  it('reads nothing when nothing that changes a state happened, ticks and fires included', () => {
    const f = feed('ACME');
    const rules = Array.from({ length: 1_000 }, (_, i) =>
      ruleLine(`ACME above ${100 + i}`, `r${i}`),
    );
    const { evaluator, events } = evaluatorWith([...rules, ruleLine('ACME above 1', 'once')]);
    evaluator.allStates(f);
    const asked = f.asked;
    for (let seq = 1; seq <= 100; seq++) {
      evaluator.onTick(trade('ACME', seq, 2), false, 1);
      expect(evaluator.changedStates(f)).toBeNull();
    }
    expect(events.map((e) => e.rule.id)).toEqual(['once']);
    expect(f.asked).toBe(asked);
  });

  it('reports what an edit of the rules changed, against the last read', () => {
    const f = feed('ACME');
    const r = ruleLine('ACME above 1', 'once');
    const { evaluator } = evaluatorWith([r]);
    evaluator.allStates(f);
    evaluator.onTick(trade('ACME', 1, 5), false, 1);
    evaluator.setRules([r, ruleLine('NOPE above 1', 'new')]);
    // The fire is the alert's to tell; the next read after the edit carries it too.
    expect(evaluator.changedStates(f)).toEqual({ once: 'fired', new: 'pending' });
    evaluator.setRules([{ ...r, enabled: false }]);
    expect(evaluator.changedStates(f)).toEqual({ once: 'disabled' });
  });

  it('keeps a sports rule on a market, or a price rule on a match, pending: it cannot fire', () => {
    const markets = new Set(['ACME']);
    const matches = new Set(['m1']);
    const known = {
      instrumentsVersion: 0,
      has: (id: string, kind: 'market' | 'match') =>
        (kind === 'market' ? markets : matches).has(id),
    };
    const { evaluator } = evaluatorWith([
      ruleLine('match:ACME goal', 'goal-on-market'),
      ruleLine('match:m1 goal', 'goal'),
      ruleLine('m1 above 1', 'price-on-match'),
      ruleLine('ACME above 1', 'price'),
    ]);
    expect(evaluator.allStates(known)).toEqual({
      'goal-on-market': 'pending',
      goal: 'armed',
      'price-on-match': 'pending',
      price: 'armed',
    });
  });
});

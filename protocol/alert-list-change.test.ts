import { describe, expect, it } from 'vitest';
import type { AlertRule } from './alerts';
import { parseAlertLine } from './alert-line';
import { alertListChange, applyAlertListChange } from './alert-list-change';

function rule(id: string, level = 1): AlertRule {
  const r = parseAlertLine(`ACME above ${level}`, { id, now: 0 });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** A seeded xorshift, so a failure names its seed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('alertListChange', () => {
  it('sends only the rule an edit added, replaced or deleted', () => {
    const before = Array.from({ length: 1_000 }, (_, i) => rule(`r${i}`));
    const edited = before.map((r) => (r.id === 'r500' ? rule('r500', 2) : r));
    expect(alertListChange(before, edited)).toEqual({
      put: [{ index: 500, rule: rule('r500', 2) }],
      removed: [],
    });
    const added = [...before.slice(0, 999), rule('new'), before[999]!];
    expect(alertListChange(before, added)).toEqual({
      put: [{ index: 999, rule: rule('new') }],
      removed: [],
    });
    expect(alertListChange(before, before.slice(1))).toEqual({ put: [], removed: ['r0'] });
    // Rebuilt objects with the same content are not news.
    expect(
      alertListChange(
        before,
        before.map((r) => ({ ...r })),
      ),
    ).toEqual({
      put: [],
      removed: [],
    });
  });

  it('turns any list into any other, reordered ones included (random lists, seeded)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const list = () =>
        Array.from({ length: Math.floor(next() * 12) }, () =>
          rule(`r${Math.floor(next() * 15)}`, Math.floor(next() * 3)),
        ).filter((r, i, all) => all.findIndex((o) => o.id === r.id) === i);
      const before = list();
      const after = next() < 0.5 ? list() : [...before].reverse();
      expect(applyAlertListChange(before, alertListChange(before, after)), `seed ${seed}`).toEqual(
        after,
      );
    }
  });
});

describe('applyAlertListChange', () => {
  it('refuses a change that does not fit the list, so the page fetches the view', () => {
    const list = [rule('a'), rule('b')];
    expect(applyAlertListChange(list, { put: [{ index: 3, rule: rule('c') }], removed: [] })).toBe(
      null,
    );
    expect(applyAlertListChange(list, { put: [{ index: -1, rule: rule('c') }], removed: [] })).toBe(
      null,
    );
    // "b" is at index 1: put at 0 it would be listed twice.
    expect(applyAlertListChange(list, { put: [{ index: 0, rule: rule('b') }], removed: [] })).toBe(
      null,
    );
    expect(
      applyAlertListChange(list, { put: [{ index: 1, rule: rule('b', 5) }], removed: ['a'] }),
    ).toBe(null);
    expect(
      applyAlertListChange(list, { put: [{ index: 0, rule: rule('b', 5) }], removed: ['a'] }),
    ).toEqual([rule('b', 5)]);
  });
});

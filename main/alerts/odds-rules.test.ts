import { describe, expect, it } from 'vitest';
import { ExtremaRings } from './extrema-rings';
import { OddsRules } from './odds-rules';

describe('OddsRules', () => {
  it("gives its windows' regions back to the shared rings, for the next match's windows", () => {
    const rings = new ExtremaRings();
    const first = new OddsRules(rings);
    first.window('home', 10_000);
    first.window('away', 60_000);
    const second = new OddsRules(rings);
    second.window('draw', 10_000);
    const before = rings.create('max');
    first.release();
    // The two outcomes' highs and lows, four regions, are taken again rather than added.
    const third = new OddsRules(rings);
    third.window('home', 10_000);
    third.window('away', 60_000);
    expect(rings.create('max')).toBeLessThan(before);
  });
});

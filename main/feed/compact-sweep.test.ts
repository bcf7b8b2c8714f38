import { describe, expect, it } from 'vitest';
import { COMPACT_INTERVAL_MS, CompactSweep } from './compact-sweep';

const IDS = Array.from({ length: 10 }, (_, i) => `I${i}`);

describe('CompactSweep', () => {
  it('visits every instrument once per interval, in slices sized by the time since the last batch', () => {
    const sweep = new CompactSweep();
    expect(sweep.due(IDS, 0, 1, true)).toEqual(IDS);
    const seen: string[] = [];
    for (let t = 50; t <= COMPACT_INTERVAL_MS; t += 50) {
      const slice = sweep.due(IDS, t, 1, false);
      expect(slice).toHaveLength(1);
      seen.push(...slice);
    }
    expect(seen).toEqual(IDS);
  });

  it('wraps around the list, and a long pause visits each instrument at most once', () => {
    const sweep = new CompactSweep();
    sweep.due(IDS, 0, 1, true);
    expect(sweep.due(IDS, 150, 1, false)).toEqual(['I0', 'I1', 'I2']);
    expect(sweep.due(IDS, 10_000, 1, false)).toEqual([...IDS.slice(3), ...IDS.slice(0, 3)]);
    expect(sweep.due(IDS, 10_000, 1, false)).toEqual([]);
  });

  it('settles after a whole pass with no change, and owes a pass again once the state changes', () => {
    const sweep = new CompactSweep();
    sweep.observe(1);
    sweep.due(IDS, 0, 1, true);
    expect(sweep.idle).toBe(true);
    sweep.observe(2); // a change after the rows went out
    expect(sweep.idle).toBe(false);
    sweep.due(IDS, COMPACT_INTERVAL_MS, 2, false); // a pass that began before the change
    expect(sweep.idle).toBe(false);
    sweep.due(IDS, 2 * COMPACT_INTERVAL_MS, 2, false); // a whole pass after it
    expect(sweep.idle).toBe(true);
  });

  it('survives an empty or shrinking list', () => {
    const sweep = new CompactSweep();
    expect(sweep.due([], 0, 1, false)).toEqual([]);
    sweep.due(IDS, 0, 1, true);
    sweep.due(IDS, 400, 1, false); // 8 visited
    expect(sweep.due(IDS.slice(0, 4), 1_000, 1, false)).toEqual(IDS.slice(0, 4));
  });

  it('owes every row before its first batch, and sends them all if that batch is not a reset', () => {
    const sweep = new CompactSweep();
    expect(sweep.idle).toBe(false);
    expect(sweep.due(IDS, 0, 1, false)).toEqual(IDS);
  });

  it('stays settled when it sees the same version again', () => {
    const sweep = new CompactSweep();
    sweep.observe(1);
    sweep.due(IDS, 0, 1, true);
    sweep.observe(1);
    expect(sweep.idle).toBe(true);
  });

  it('settles after a whole pass that wrapped inside a slice', () => {
    const sweep = new CompactSweep();
    sweep.due(IDS, 0, 1, true);
    sweep.observe(2);
    expect(sweep.due(IDS, 300, 2, false)).toEqual(IDS.slice(0, 6));
    // I6–I9 end the pass that began before the change, I0 and I1 begin the next.
    expect(sweep.due(IDS, 600, 2, false)).toEqual([...IDS.slice(6), 'I0', 'I1']);
    expect(sweep.idle).toBe(false);
    // That pass ends inside this slice with no change since it began.
    expect(sweep.due(IDS, 1_100, 2, false)).toEqual([...IDS.slice(2), 'I0', 'I1']);
    expect(sweep.idle).toBe(true);
  });
});

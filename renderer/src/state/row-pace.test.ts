import { describe, expect, it } from 'vitest';
import { HALT_MIN_MS, RowPace } from './row-pace';
import { marketRow } from '../../../test-support/batches';

/** An instrument that ticked every `everyMs` from t = 1000 to `until`. */
function ticking(pace: RowPace, id: string, everyMs: number, until: number): void {
  for (let ts = 1_000; ts <= until; ts += everyMs) pace.fold([marketRow(id, 100, { ts })], false);
}

describe('RowPace', () => {
  it('gives the age of the latest tick at the reference time', () => {
    const pace = new RowPace();
    expect(pace.freshness('ACME', 5_000, true)).toEqual({
      ageMs: null,
      halted: false,
      stale: false,
    });
    ticking(pace, 'ACME', 100, 2_000);
    expect(pace.freshness('ACME', 2_450, true)).toEqual({
      ageMs: 450,
      halted: false,
      stale: false,
    });
  });

  it('calls a busy instrument halted after a few seconds of silence, a slow one much later', () => {
    const pace = new RowPace();
    ticking(pace, 'FAST', 100, 20_000);
    ticking(pace, 'SLOW', 2_000, 20_000);
    const at = 20_000 + HALT_MIN_MS + 1;
    expect(pace.freshness('FAST', at, true).halted).toBe(true);
    expect(pace.freshness('SLOW', at, true).halted).toBe(false);
    expect(pace.freshness('SLOW', 20_000 + 20_001, true).halted).toBe(true);
  });

  it('never calls anything halted while the source is not live: the source is what stopped', () => {
    const pace = new RowPace();
    ticking(pace, 'FAST', 100, 20_000);
    expect(pace.freshness('FAST', 60_000, false)).toEqual({
      ageMs: 40_000,
      halted: false,
      stale: true,
    });
  });

  it('does not learn a halt as the pace, so the next halt shows as soon', () => {
    const pace = new RowPace();
    ticking(pace, 'A', 100, 10_000);
    pace.fold([marketRow('A', 100, { ts: 25_000 })], false); // back after a 15 s halt
    pace.fold([marketRow('A', 100, { ts: 25_100 })], false);
    expect(pace.freshness('A', 25_100 + HALT_MIN_MS + 1, true).halted).toBe(true);
  });

  it('never dates a row after its arrival, whatever the source’s clock says', () => {
    // bug 238: a relay machine 10 min ahead: every row of its stored states read "0 ms" for 10
    // min, greyed under "data 13 s old" (fails before: age 0).
    const pace = new RowPace();
    pace.fold([marketRow('A', 100, { ts: 600_000 + 1_000 })], false, [], () => false, 1_000);
    expect(pace.freshness('A', 6_000, false).ageMs).toBe(5_000);
    // Served again at a reconnect: no younger.
    pace.fold([marketRow('A', 100, { ts: 600_000 + 1_000 })], false, [], () => false, 4_000);
    expect(pace.freshness('A', 6_000, false).ageMs).toBe(5_000);
    // Live ticks from that clock: their pace is their arrivals', not zero.
    pace.fold([marketRow('A', 100, { ts: 600_000 + 7_000 })], false, [], undefined, 7_000);
    pace.fold([marketRow('A', 100, { ts: 600_000 + 7_100 })], false, [], undefined, 7_100);
    expect(pace.freshness('A', 7_100 + HALT_MIN_MS + 1, true).halted).toBe(true);
  });

  it('forgets every instrument on a reset', () => {
    const pace = new RowPace();
    ticking(pace, 'A', 100, 2_000);
    pace.fold([], true);
    expect(pace.freshness('A', 9_000, true)).toEqual({ ageMs: null, halted: false, stale: false });
  });
});

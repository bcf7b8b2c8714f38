import { describe, expect, it } from 'vitest';
import { SERIES_FLOOR_POINTS } from '../../../shared/history-budget';
import { DashboardState, HEALTH_REFRESH_MS } from './dashboard.svelte';
import { BAR, PRICE, PRICE_POINTS_PER_INSTRUMENT } from './series-store';
import { INSTRUMENTS, batch, health, marketRow, matchRow } from '../../../test-support/batches';

function started(): DashboardState {
  const s = new DashboardState();
  s.apply(
    batch({
      reset: true,
      instruments: INSTRUMENTS,
      market: [marketRow('ACME', 101), marketRow('GLBX', 99)],
      sports: [matchRow('M1')],
    }),
    0,
  );
  return s;
}

describe('DashboardState', () => {
  it('builds watchlist rows in instrument order with change against the open', () => {
    const s = started();
    expect(s.rows.map((r) => r.id)).toEqual(['ACME', 'GLBX']);
    const acme = s.rows[0]!;
    expect(acme.change).toBeCloseTo(1);
    expect(acme.changePct).toBeCloseTo(1);
    expect(acme.decimals).toBe(2);
    expect(s.rows[1]!.decimals).toBe(1);
  });

  it('marks the direction of each move and keeps untouched rows identical', () => {
    const s = started();
    const glbx = s.rows[1];
    s.apply(batch({ market: [marketRow('ACME', 100.5)] }), 10);
    expect(s.rows[0]!.dir).toBe(-1);
    expect(s.rows[0]!.moves).toBe(1);
    expect(s.rows[1]).toBe(glbx); // same object: Svelte skips the row
    s.apply(batch({ market: [marketRow('ACME', 100.7)] }), 20);
    expect(s.rows[0]!.dir).toBe(1);
  });

  it('focuses the first instrument until the user chooses, and compares within the grid', () => {
    const s = started();
    expect(s.focused).toEqual(['ACME']);
    expect(s.focusedAfter('GLBX', false)).toEqual(['GLBX']);
    expect(s.focusedAfter('GLBX', true)).toEqual(['ACME', 'GLBX']);
    s.settings = { ...s.settings, focused: ['ACME', 'GLBX'] };
    expect(s.focusedAfter('GLBX', true)).toEqual(['ACME']);
    s.settings = { ...s.settings, focused: ['GONE'] };
    expect(s.focused).toEqual(['ACME']);
  });

  it('charts as many instruments as the chart grid holds, and no more', () => {
    const s = started();
    s.settings = { ...s.settings, chartGrid: 1, focused: ['GLBX', 'ACME'] };
    expect(s.focused).toEqual(['GLBX']);
    // A full grid takes no more: the comparison stays as it is.
    expect(s.focusedAfter('ACME', true)).toEqual(['GLBX']);
    s.settings = { ...s.settings, chartGrid: 4 };
    expect(s.focused).toEqual(['GLBX', 'ACME']);
  });

  it('folds series and bars into rings and drops them on reset', () => {
    const s = started();
    s.apply(
      batch({
        series: [{ id: 'ACME', t: [1, 2, 3], price: [10, 11, 12] }],
        bars: [{ id: 'ACME', intervalMs: 1000, t: [0], o: [10], h: [12], l: [9], c: [11], v: [5] }],
      }),
      10,
    );
    s.apply(
      batch({
        bars: [
          {
            id: 'ACME',
            intervalMs: 1000,
            t: [0, 1000],
            o: [10, 11],
            h: [13, 11],
            l: [9, 11],
            c: [12, 11],
            v: [6, 1],
          },
        ],
      }),
      20,
    );
    expect(s.series.price('ACME').length).toBe(3);
    expect(s.series.price('ACME').last(PRICE.price)).toBe(12);
    const bars = s.series.bar('ACME', 1000);
    expect(bars.length).toBe(2); // the first bar was replaced, not duplicated
    expect(bars.at(0, BAR.h)).toBe(13);
    s.apply(batch({ reset: true, instruments: INSTRUMENTS }), 30);
    expect(s.series.price('ACME').length).toBe(0);
    expect(s.rows).toEqual([]);
  });

  it('shares history among thousands of instruments but keeps it whole for the charted one', () => {
    const s = new DashboardState();
    const many = Array.from({ length: 5_000 }, (_, i) => ({
      id: `I${i}`,
      kind: 'market' as const,
      name: `Instrument ${i}`,
      tickSize: 0.01,
    }));
    s.apply(batch({ reset: true, instruments: many }), 0);
    expect(s.focused).toEqual(['I0']);
    expect(s.series.price('I0').capacity).toBe(PRICE_POINTS_PER_INSTRUMENT);
    expect(s.series.price('I1').capacity).toBe(SERIES_FLOOR_POINTS);
  });

  it('keeps match incidents newest first', () => {
    const s = started();
    s.apply(
      batch({
        sports: [
          matchRow('M1', {
            newIncidents: [
              { type: 'goal', team: 'home', clockMs: 1 },
              { type: 'yellow-card', team: 'away', clockMs: 2 },
            ],
          }),
        ],
      }),
      10,
    );
    expect(s.matches[0]!.incidents.map((i) => i.type)).toEqual(['yellow-card', 'goal']);
    expect(s.matches[0]!.homeTeam).toBe('Harbor');
  });

  it('refreshes health figures at a readable pace but shows a state change at once', () => {
    const s = started();
    s.apply(batch({ health: health({ ticksPerSec: 1 }) }), 10);
    expect(s.health!.ticksPerSec).toBe(1500);
    s.apply(batch({ health: health({ ticksPerSec: 2 }) }), HEALTH_REFRESH_MS + 1);
    expect(s.health!.ticksPerSec).toBe(2);
    s.apply(
      batch({ health: health({ connection: { state: 'stalled', silentMs: 3000 } }) }),
      HEALTH_REFRESH_MS + 2,
    );
    expect(s.health!.connection.state).toBe('stalled');
  });
});

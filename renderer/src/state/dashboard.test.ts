import { describe, expect, it } from 'vitest';
import { SERIES_FLOOR_POINTS } from '../../../shared/history-budget';
import { DashboardState, HEALTH_REFRESH_MS } from './dashboard.svelte';
import { HOST_SILENT_MS, HOST_SILENT_TITLE } from './freshness';
import { BAR, PRICE, PRICE_POINTS_PER_INSTRUMENT } from './series-store';
import type { SourceHealth } from '../../../protocol/health';
import { COMPACT_ROW_FIELDS } from '../../../protocol/market-rows';
import {
  INSTRUMENTS,
  batch,
  health,
  marketRow,
  matchRow,
  sourceHealth,
} from '../../../test-support/batches';
import { startedDashboard } from '../../../test-support/dashboard-rows';

function started(): DashboardState {
  return startedDashboard({ sports: [matchRow('M1')] });
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

  it('folds compact rows (instruments outside the interest) into the watchlist like full ones', () => {
    const s = started();
    const glbx = marketRow('GLBX', 98);
    s.apply(
      batch({
        market: [marketRow('ACME', 102)],
        compact: {
          ids: ['GLBX'],
          values: COMPACT_ROW_FIELDS.map((field) => glbx[field]),
        },
      }),
      10,
    );
    expect(s.rows.map((r) => [r.id, r.last])).toEqual([
      ['ACME', 102],
      ['GLBX', 98],
    ]);
    expect(s.rows[1]!.dir).toBe(-1);
  });

  it('focuses the first instrument until the user chooses, and compares within the grid', () => {
    const s = started();
    expect(s.focused).toEqual(['ACME']);
    expect(s.focusedAfter('GLBX', false)).toEqual(['GLBX']);
    expect(s.focusedAfter('GLBX', true)).toEqual(['ACME', 'GLBX']);
    s.settings = { ...s.settings, focused: ['ACME', 'GLBX'] };
    expect(s.focusedAfter('GLBX', true)).toEqual(['ACME']);
    // A saved instrument no source has is awaited, never swapped for the feed's first.
    s.settings = { ...s.settings, focused: ['GONE'] };
    expect(s.focused).toEqual([]);
    expect(s.charts.waiting).toEqual(['GONE']);
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

  it('shows its data as old once no batch has come for HOST_SILENT_MS, until the next one', () => {
    const s = started(); // its last batch at 0, every source live
    const sources = [sourceHealth('sim'), sourceHealth('kraken')];
    s.apply(batch({ health: health({ sources }) }), 1_000);
    s.checkHost(1_000 + HOST_SILENT_MS - 1);
    expect(s.noSourceLive).toBe(false);
    s.checkHost(1_000 + HOST_SILENT_MS);
    expect(s.noSourceLive).toBe(true);
    expect(s.health!.connection).toEqual({
      state: 'failed',
      reason: expect.stringMatching(/^nothing from the Tickdeck host for 5 s/),
    });
    expect(s.health!.connectionSince).toBe(1_000);
    expect(s.rowFreshness('sim:ACME', 7_000).stale).toBe(true);
    expect(s.chartStale('kraken:BTC/USD', 7_000)).toMatch(/^Failed · /);
    expect(s.hostSilentTitle).toBe(HOST_SILENT_TITLE); // commands wait, saying why
    // The next batch speaks again, within the health bar's refresh as well.
    s.apply(batch({ health: health({ sources }) }), 7_001);
    expect(s.hostSilentTitle).toBeNull();
    expect(s.noSourceLive).toBe(false);
    expect(s.health!.connection.state).toBe('live');
    expect(s.rowFreshness('sim:ACME', 7_001).stale).toBe(false);
  });

  it('greys the rows of a source that is down while another is live, and only those', () => {
    const s = started();
    const sources = [
      sourceHealth('sim'),
      sourceHealth('kraken', { connection: { state: 'closed' } }),
    ];
    s.apply(batch({ health: health({ connection: { state: 'closed' }, sources }) }), 10);
    expect(s.noSourceLive).toBe(false);
    expect(s.rowFreshness('kraken:BTC/USD', 10).stale).toBe(true);
    expect(s.rowFreshness('sim:ACME', 10).stale).toBe(false);
  });
});

describe('DashboardState with a replay beside the live source', () => {
  const T = 1_764_000_000_000;
  const source = (name: string, kind: 'embedded' | 'replay'): SourceHealth =>
    sourceHealth(name, { source: { kind, label: name } });
  const beside = health({
    sources: [source('sim', 'embedded'), source('replay', 'replay')],
    replay: {
      start: T - 60_000,
      end: T,
      position: T - 30_000,
      playing: true,
      speed: 1,
      loop: false,
      path: 'morning',
      rangeFrom: T - 60_000,
      rangeTo: T,
    },
  });
  const instruments = [...INSTRUMENTS, { ...INSTRUMENTS[0]!, id: 'replay:ACME' }];

  it('a restarted replay instrument starts over; the live ones keep their history and rows', () => {
    const s = new DashboardState();
    s.apply(batch({ reset: true, instruments, market: [marketRow('ACME', 101)] }), 0);
    s.apply(
      batch({
        market: [marketRow('replay:ACME', 90)],
        series: [
          { id: 'ACME', t: [1, 2, 3], price: [10, 11, 12] },
          { id: 'replay:ACME', t: [5, 6], price: [90, 91] },
        ],
      }),
      10,
    );
    const liveRow = s.rows.find((r) => r.id === 'ACME');
    // A seek back: the replay's history restarts from earlier times.
    s.apply(
      batch({
        restarted: ['replay:ACME'],
        market: [marketRow('replay:ACME', 80)],
        series: [{ id: 'replay:ACME', t: [2], price: [80] }],
      }),
      20,
    );
    expect(s.series.price('replay:ACME').length).toBe(1);
    expect(s.series.price('replay:ACME').last(PRICE.price)).toBe(80);
    expect(s.series.price('ACME').length).toBe(3);
    expect(s.rows.find((r) => r.id === 'ACME')).toBe(liveRow);
    expect(s.rows.find((r) => r.id === 'replay:ACME')!.last).toBe(80);
  });

  it('measures live rows against the clock and replay rows against the replay position', () => {
    const s = new DashboardState();
    s.apply(
      batch({
        reset: true,
        instruments,
        market: [
          marketRow('ACME', 101, { ts: T - 100 }),
          marketRow('replay:ACME', 90, { ts: T - 31_000 }),
        ],
        health: beside,
      }),
      T,
    );
    expect(s.rowFreshness('ACME', T).ageMs).toBe(100);
    expect(s.rowFreshness('replay:ACME', T).ageMs).toBe(1_000);
  });

  it('shows a row halted while the venue says its pair does not trade, however fresh its ticks', () => {
    const s = new DashboardState();
    const notice = { instrument: 'ACME', kind: 'status', status: 'maintenance', since: T } as const;
    const rows = [marketRow('ACME', 101, { ts: T - 100 }), marketRow('GLBX', 50, { ts: T - 100 })];
    s.apply(batch({ reset: true, instruments: INSTRUMENTS, market: rows }), T);
    expect(s.rowFreshness('ACME', T)).toEqual({ ageMs: 100, halted: false, stale: false });
    const halted = health({ notices: [{ ...notice, halted: true }] });
    s.apply(batch({ reset: true, instruments: INSTRUMENTS, market: rows, health: halted }), T);
    expect(s.rowFreshness('ACME', T)).toEqual({ ageMs: 100, halted: true, stale: false });
    expect(s.rowFreshness('GLBX', T).halted).toBe(false);
    // A status that still trades (limit orders only) is named in the health bar, not halted.
    const limited = health({ notices: [{ ...notice, status: 'limit_only', halted: false }] });
    s.apply(batch({ reset: true, instruments: INSTRUMENTS, market: rows, health: limited }), T);
    expect(s.rowFreshness('ACME', T).halted).toBe(false);
  });
});

/**
 * Bug 99: a halted instrument (its row says so, its source live) greys its charts, book and
 * tape and says why, through the same label a down source gives them, and clears at once when
 * its data resumes.
 */
import { describe, expect, it } from 'vitest';
import { DashboardState, HEALTH_REFRESH_MS } from './dashboard.svelte';
import { HALT_MIN_MS } from './row-pace';
import { INSTRUMENTS, batch, health, marketRow } from '../../../test-support/batches';

const T = 1_764_000_000_000;

/** ACME and GLBX ticking every 100 ms up to `until`, from a live source. */
function ticking(until: number): DashboardState {
  const s = new DashboardState();
  s.apply(batch({ reset: true, instruments: INSTRUMENTS, health: health() }), T);
  for (let ts = T; ts <= until; ts += 100) {
    const market = [marketRow('ACME', 101, { ts }), marketRow('GLBX', 50, { ts })];
    s.apply(batch({ market, health: health() }), ts);
  }
  return s;
}

describe('DashboardState.chartStale of a halted instrument', () => {
  it('says it is halted, with how long it has been silent, while its source is live', () => {
    const s = ticking(T + 2_000);
    // GLBX goes on ticking, ACME does not.
    const later = T + 2_000 + HALT_MIN_MS + 500;
    for (let ts = T + 2_100; ts <= later; ts += 100)
      s.apply(batch({ market: [marketRow('GLBX', 50, { ts })], health: health() }), ts);
    expect(s.rowFreshness('ACME', later).halted).toBe(true);
    expect(s.chartStale('ACME', later)).toBe('Halted · no data for 3 s');
    expect(s.chartStale('GLBX', later)).toBeNull();
    // Its data resumes: clear at once.
    s.apply(batch({ market: [marketRow('ACME', 102, { ts: later })], health: health() }), later);
    expect(s.chartStale('ACME', later)).toBeNull();
  });

  it('sees a halt after stored states a desk showed before its source proved live (bug 187)', () => {
    // A NATS desk started while its relay was away shows ACME's stored state, 3 min old by its
    // own time, with the source connecting; then the relay is back and ACME ticks every 100 ms.
    const s = new DashboardState();
    const connecting = health({
      connection: { state: 'connecting', attempt: 1 },
      storedDataAt: T - 180_000,
    });
    s.apply(batch({ reset: true, instruments: INSTRUMENTS, health: connecting }), T);
    s.apply(
      batch({ market: [marketRow('ACME', 101, { ts: T - 180_000 })], health: connecting }),
      T,
    );
    for (let ts = T + 1_000; ts <= T + 3_000; ts += 100)
      s.apply(batch({ market: [marketRow('ACME', 101, { ts })], health: health() }), ts);
    // ACME stops. Before, the 3 min from the stored state to the first tick was learnt as its
    // pace, and it read live for minutes more: halted only after ten times the pace.
    const later = T + 3_000 + HALT_MIN_MS + 500;
    expect(s.chartStale('ACME', later)).toBe('Halted · no data for 3 s');
  });

  it("dates a silent row by its source's clock ahead in a page opened later, not by its first batch (bug 259)", () => {
    // A relay 10 min ahead; ACME last ticked 5 min before this page opened, GLBX ticks on.
    const AHEAD = 600_000;
    const s = new DashboardState();
    const ahead = health({ clockAheadMs: AHEAD });
    const market = [
      marketRow('ACME', 101, { ts: T - 300_000 + AHEAD }),
      marketRow('GLBX', 50, { ts: T + AHEAD }),
    ];
    s.apply(batch({ reset: true, instruments: INSTRUMENTS, market, health: ahead }), T);
    for (let ts = T + 100; ts <= T + 2_000; ts += 100)
      s.apply(batch({ market: [marketRow('GLBX', 50, { ts: ts + AHEAD })], health: ahead }), ts);
    // Before: "0 ms" at the page's opening, growing from it, so not seen as silent.
    expect(s.rowFreshness('ACME', T + 2_000).ageMs).toBe(302_000);
    expect(s.rowFreshness('GLBX', T + 2_000).ageMs).toBe(0);
  });

  it('is not halted before the row says so', () => {
    const s = ticking(T + 2_000);
    expect(s.chartStale('ACME', T + 2_000 + HALT_MIN_MS - 100)).toBeNull();
  });

  it('bug 198: says the venue halted it, why, for how long, and how old its data is', () => {
    const s = ticking(T + 1_000);
    const notice = { instrument: 'ACME', kind: 'status', status: 'cancel_only', since: T } as const;
    // A health past the refresh interval, so the page shows it.
    const at = T + 1_000 + HEALTH_REFRESH_MS;
    s.apply(batch({ health: health({ notices: [{ ...notice, halted: true }] }) }), at);
    // Before: "Halted by the venue", with no age where every other label gives one.
    expect(s.chartStale('ACME', at)).toBe(
      'Halted by the venue (cancel only) for 1 s · data 250 ms old',
    );
    // A halted pair may still tick (its book moves in cancel-only): its data stays young, the
    // halt goes on.
    const later = T + 125_000;
    s.apply(
      batch({
        market: [marketRow('ACME', 101, { ts: later - 2_000 })],
        health: health({ notices: [{ ...notice, halted: true }] }),
      }),
      later,
    );
    expect(s.chartStale('ACME', later)).toBe(
      'Halted by the venue (cancel only) for 2 min · data 2 s old',
    );
  });

  it("gives a down source's label, not a halt, when the source is what stopped", () => {
    const s = ticking(T + 2_000);
    const connection = {
      state: 'reconnecting',
      attempt: 1,
      nextRetryAt: 0,
      reason: 'cut',
    } as const;
    const down = health({ connection });
    s.apply(batch({ health: down }), T + 20_000);
    expect(s.chartStale('ACME', T + 20_000)).toMatch(/^Disconnected · /);
  });

  it("bug 202: measures a replay server's instruments at its position, not the wall clock", () => {
    // A `--feed` that is `npm run feed -- replay` of a recording made 10 min ago: its ticks
    // carry their recorded times, its health the server's position.
    const REC = T - 600_000;
    const replaying = (position: number) =>
      health({
        source: { kind: 'replay', label: 'ws://127.0.0.1:8081' },
        replaying: {
          start: REC,
          end: REC + 60_000,
          position,
          playing: true,
          speed: 1,
          loop: false,
        },
      });
    const s = new DashboardState();
    s.apply(batch({ reset: true, instruments: INSTRUMENTS, health: replaying(REC) }), T);
    for (let i = 0; i <= 20; i++) {
      const market = [marketRow('ACME', 101, { ts: REC + i * 100 })];
      s.apply(batch({ market, health: replaying(REC + i * 100) }), T + i * 100);
    }
    const at = T + 2_000 + HEALTH_REFRESH_MS;
    s.apply(batch({ health: replaying(REC + 2_000) }), at);
    // Before: halted, 10 min of wall clock since a tick recorded 10 min ago.
    expect(s.rowFreshness('ACME', at)).toMatchObject({ halted: false, ageMs: 0 });
    expect(s.chartStale('ACME', at)).toBeNull();
    // Its matches read In play, not Live, as a replay's do.
    expect(s.replayed('ACME')).toBe(true);
  });

  it("bug 269: ages a replay server's instruments at the page's playhead between its reports", () => {
    const REC = T - 600_000;
    const replaying = (position: number) =>
      health({
        source: { kind: 'replay', label: 'ws://127.0.0.1:8081' },
        replaying: {
          start: REC,
          end: REC + 60_000,
          position,
          playing: true,
          speed: 1,
          loop: false,
        },
      });
    const s = new DashboardState();
    s.apply(batch({ reset: true, instruments: INSTRUMENTS, health: replaying(REC) }), T);
    for (let i = 0; i <= 20; i++) {
      const market = [marketRow('ACME', 101, { ts: REC + i * 100 })];
      s.apply(batch({ market, health: replaying(REC + i * 100) }), T + i * 100);
    }
    const at = T + 2_000 + HEALTH_REFRESH_MS;
    s.apply(batch({ health: replaying(REC + 2_000) }), at);
    // 600 ms of recorded time after the server's last report, nothing traded since.
    let playhead = REC + 2_600;
    s.replayPlayhead = () => playhead;
    // Before: 0 until the next report, a second later, then a step.
    expect(s.rowFreshness('ACME', at)).toMatchObject({ ageMs: 600 });
    // A playhead behind the report (anchored late) never makes the data newer than it is.
    playhead = REC + 1_500;
    expect(s.rowFreshness('ACME', at)).toMatchObject({ ageMs: 0 });
  });
});

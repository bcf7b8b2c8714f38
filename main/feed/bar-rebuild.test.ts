import { describe, expect, it } from 'vitest';
import type { MarketTick } from '../../protocol/feed';
import { TAPE_TRADES } from './depth-state';
import { BAR_C, BAR_H, BAR_L, BAR_O, BAR_T, BAR_V } from './market-bars';
import { MarketState } from './market-state';

/** A minute's start, so a test's first trade opens every interval's bar. */
const T0 = 1_700_000_040_000;

function trade(ts: number, price: number, size: number): MarketTick {
  return { instrument: 'A', seq: 0, ts, kind: 'trade', price, size, side: 'buy' };
}

/** `count` trades `everyMs` apart from T0, their prices a seeded walk. */
function trades(count: number, everyMs: number): MarketTick[] {
  let x = 7;
  let price = 100;
  return Array.from({ length: count }, (_, i) => {
    x = (x * 48_271) % 2_147_483_647;
    price += (x % 21) / 100 - 0.1;
    return trade(T0 + i * everyMs, Math.round(price * 100) / 100, 1 + (x % 5));
  });
}

/** Every interval's bars, the open one included, as rows of their columns. */
function barsOf(m: MarketState): number[][][] {
  return m.bars.map(({ ring }) =>
    Array.from({ length: ring.length }, (_, i) =>
      [BAR_T, BAR_O, BAR_H, BAR_L, BAR_C, BAR_V].map((c) => ring.at(ring.start + i, c)),
    ),
  );
}

/**
 * Each interval's bars after a seek are the newest of those played up to the seek: the same
 * bars, the one open at the seek included, but fewer where later ones had pushed old ones out.
 */
function expectPlayedBars(sought: MarketState, played: MarketState): void {
  const playedBars = barsOf(played);
  barsOf(sought).forEach((rows, k) => expect(playedBars[k]!.slice(-rows.length)).toEqual(rows));
}

/** The bars after playing `ticks` and seeking back to `cut`, and those of playing to `cut`. */
function seekAgainstPlay(ticks: readonly MarketTick[], cut: number) {
  const sought = new MarketState();
  for (const tick of ticks) sought.applyTick(tick);
  sought.keepHistoryUpTo(cut);
  const played = new MarketState();
  for (const tick of ticks) if (tick.ts <= cut) played.applyTick(tick);
  return { sought, played };
}

describe('bars after a seek back (bug 192)', () => {
  it('a seek into the first candle keeps it up to the position, as playing there would', () => {
    // The review's case: paused in the first minute, the candle pane said "No trades yet"
    // while the tape listed the trades before the position.
    const ticks = trades(40, 1_000);
    const cut = T0 + 12_400;
    const { sought, played } = seekAgainstPlay(ticks, cut);
    expect(barsOf(sought)[2]).toHaveLength(1);
    expect(barsOf(sought)).toEqual(barsOf(played));
    expect(sought.depth.tape.length).toBe(13);
  });

  it('is rebuilt from the shorter bars where the tape no longer reaches the bar start', () => {
    // 10 trades a second for 70 s: the tape holds the last 51 s, so the minute from T0 comes
    // from the 5 s bars, then the 1 s bars, then the tape's last part of a second.
    const ticks = trades(700, 100);
    const cut = T0 + 57_650;
    const { sought, played } = seekAgainstPlay(ticks, cut);
    expect(sought.depth.tape.at(sought.depth.tape.start, 0)).toBeGreaterThan(T0);
    expect(barsOf(sought).map((rows) => rows.at(-1)![0])).toEqual([T0 + 57_000, T0 + 55_000, T0]);
    expectPlayedBars(sought, played);
  });

  it('holds its position through more trades played on from there', () => {
    const ticks = trades(200, 250);
    const cut = T0 + 31_100;
    const { sought, played } = seekAgainstPlay(ticks, cut);
    for (const tick of ticks.filter((k) => k.ts > cut)) {
      sought.applyTick(tick);
      played.applyTick(tick);
    }
    expect(barsOf(sought)).toEqual(barsOf(played));
  });

  it('a bar nothing held covers stays dropped rather than shown short', () => {
    // Ten minutes at 10 trades a second, sought back to 1 s into the second minute: the tape
    // and the 1 s and 5 s bars were pushed out long after, so that minute's bar is not shown
    // (playback opens it); the first minute's, closed, stays.
    const ticks = trades(6_000, 100);
    expect(ticks.length).toBeGreaterThan(TAPE_TRADES);
    const cut = T0 + 61_000;
    const { sought } = seekAgainstPlay(ticks, cut);
    const minutes = barsOf(sought)[2]!;
    expect(minutes.map((bar) => bar[0])).toEqual([T0]);
  });

  it('a bar with no trade up to the position is not opened', () => {
    const ticks = [trade(T0, 100, 1), trade(T0 + 30_000, 101, 1)];
    const { sought } = seekAgainstPlay(ticks, T0 + 20_000);
    expect(barsOf(sought).map((rows) => rows.map((bar) => bar[0]))).toEqual([[T0], [T0], [T0]]);
  });
});

describe('bars after a seek back past what is held, from the recording (bug 233)', () => {
  // Ten minutes at 10 trades a second, sought back into the second minute: nothing held covers
  // its bars; the host reads them from the recording (main/host/replay-bars.ts).
  const ticks = trades(6_000, 100);
  const cut = T0 + 61_000;
  const played = new MarketState();
  for (const tick of ticks) if (tick.ts <= cut) played.applyTick(tick);
  const fromDisk = barsOf(played).map((rows) => rows.at(-1)!);

  it('takes the bar open at the position from the recording where nothing held covers it', () => {
    const sought = new MarketState();
    for (const tick of ticks) sought.applyTick(tick);
    sought.keepHistoryUpTo(cut, { open: fromDisk });
    // Before: the minute's bar was dropped (only T0's was left) until playback reopened it.
    expect(barsOf(sought)[2]!.map((bar) => bar[0])).toEqual([T0, T0 + 60_000]);
    expect(barsOf(sought).map((rows) => rows.at(-1))).toEqual(fromDisk);
  });

  it('takes none that is not the bar open at the position, nor one with a bad column', () => {
    const sought = new MarketState();
    for (const tick of ticks) sought.applyTick(tick);
    const wrong = fromDisk.map((bar, k) =>
      k === 2 ? [bar[0]! - 60_000, ...bar.slice(1)] : [...bar.slice(0, 5), NaN],
    );
    sought.keepHistoryUpTo(cut, { open: wrong });
    expect(barsOf(sought)[2]!.map((bar) => bar[0])).toEqual([T0]);
    expect(barsOf(sought)[0]!.at(-1)?.[0]).not.toBe(T0 + 61_000);
  });

  it('extends each ring by the closed bars, trades and prices read before the position (bug 266)', () => {
    const SHORT_SERIES = 256;
    const sought = new MarketState();
    sought.setSeriesCapacity(SHORT_SERIES);
    for (const tick of ticks) sought.applyTick(tick);
    const closed = barsOf(played).map((rows) => rows.slice(0, -1));
    const tape = played.depth.tape;
    const trades = Array.from({ length: tape.length }, (_, i) =>
      [0, 1, 2, 3].map((c) => tape.at(tape.start + i, c)),
    );
    const line = played.series;
    const points = Array.from({ length: line.length }, (_, i) =>
      [0, 1].map((c) => line.at(line.start + i, c)),
    );
    sought.keepHistoryUpTo(cut, { open: fromDisk, closed, trades, points });
    // Before: only the bars open at the cursor; every closed one before it was gone (the 1 s
    // and 5 s rings hold the last minute of ten, far after the cursor), the tape empty.
    expect(barsOf(sought)).toEqual(barsOf(played));
    expect(sought.depth.tape.length).toBe(TAPE_TRADES);
    expect(sought.depth.tape.last(0)).toBe(cut);
    // The series, cut to the ticks of the last minute of ten, empty before.
    expect(sought.series.last(0)).toBe(cut);
    expect(sought.series.length).toBe(SHORT_SERIES);
  });

  it('takes no closed bar or trade twice, nor one after the position', () => {
    const sought = new MarketState();
    for (const tick of ticks) if (tick.ts <= cut + 30_000) sought.applyTick(tick);
    const closed = barsOf(played).map((rows) => [
      ...rows.slice(0, -1),
      [cut + 5_000, 1, 1, 1, 1, 1],
    ]);
    sought.keepHistoryUpTo(cut, { open: fromDisk, closed });
    // The engine's own rings reach the cursor here: the newest bars played, once each.
    expectPlayedBars(sought, played);
    const times = barsOf(sought).map((rows) => rows.map((bar) => bar[0]));
    for (const t of times) expect(new Set(t).size).toBe(t.length);
    expect(times[0]!.at(-1)).toBe(cut);
  });
});

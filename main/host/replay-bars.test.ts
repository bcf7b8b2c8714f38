import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeServerMessage } from '../../protocol/decode';
import type { ServerMessage, Tick } from '../../protocol/feed';
import { RecordingWriter, openRecording, type Recording } from '../../recording';
import {
  syntheticFrames,
  writeSyntheticRecording,
  type TimedFrame,
} from '../../test-support/recording-traffic';
import { FeedState } from '../feed/feed-state';
import { BAR_COLUMNS } from '../feed/market-bars';
import { TAPE_COLUMNS } from '../feed/depth-state';
import type { ColumnarRing } from '../../shared/columnar-ring';
import { seekBars } from './replay-bars';

let root: string;
let frames: TimedFrame[];
let recording: Recording;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tickdeck-replay-bars-'));
  // 200 s of recorded time, a frame every 100 ms, in 60 s segments.
  frames = await writeSyntheticRecording(join(root, 'rec'), {
    messages: 2_000,
    stepMs: 100,
    segmentMaxMs: 60_000,
  });
  recording = await openRecording(join(root, 'rec'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Each market's bar of each interval open at `t` after playing the recording from its start to
 * `t`, or null where it had no trade in that bar.
 */
function playedTo(t: number): Record<string, (number[] | null)[]> {
  const state = playedState(t);
  const bars: Record<string, (number[] | null)[]> = {};
  for (const [id, market] of state.markets)
    bars[id] = market.bars.map(({ ring, intervalMs }) => {
      const newest = Array.from({ length: BAR_COLUMNS }, (_, c) => ring.at(ring.end - 1, c));
      return ring.length > 0 && newest[0] === t - (t % intervalMs) ? newest : null;
    });
  return bars;
}

/** The recording played from its start to `t` into the engine's fold. */
function playedState(t: number): FeedState {
  const state = new FeedState();
  for (const frame of frames) {
    if (frame.t > t) break;
    const decoded = decodeServerMessage(frame.raw);
    if (!decoded.ok) continue;
    const m = decoded.value;
    if (m.op === 'hello') state.setInstruments(m.instruments);
    else if (m.op === 'snapshot') state.applySnapshot(m);
    else if (m.op === 'ticks') state.applyTicks(m.ticks, () => {});
  }
  return state;
}

/** The rows of `ring` whose time is in [from, to), as arrays of `columns`. */
function rows(ring: ColumnarRing, from: number, to: number, columns: number): number[][] {
  const out: number[][] = [];
  for (let i = ring.start; i < ring.end; i++)
    if (ring.at(i, 0) >= from && ring.at(i, 0) < to)
      out.push(Array.from({ length: columns }, (_, c) => ring.at(i, c)));
  return out;
}

describe('the bars open at a seek target, read from the recording (bug 233)', () => {
  it('are the bars playing the recording from its start to there builds', async () => {
    const t = frames[0]!.t + 150_550;
    const sought = await seekBars(recording, t);
    expect(sought?.position).toBe(t);
    const played = playedTo(t);
    expect(Object.keys(sought!.bars).sort()).toEqual(Object.keys(played).sort());
    for (const [id, bars] of Object.entries(sought!.bars)) expect(bars, id).toEqual(played[id]);
    // Every market traded in the minute: its bar began at 120 s, not at the seek's checkpoint.
    const minutes = Object.values(sought!.bars).map((bars) => bars[2]?.[0]);
    expect(minutes).toEqual(minutes.map(() => frames[0]!.t + 120_000));
  });

  it('hold the minute of closed bars, trades and prices before the target that playing builds (bug 266)', async () => {
    const t = frames[0]!.t + 150_550;
    const sought = await seekBars(recording, t);
    const played = playedState(t);
    for (const [id, market] of played.markets) {
      // Before: only the bars open at the target; the charts had no closed candle before it.
      const closed = market.bars.map(({ ring, intervalMs }) =>
        rows(ring, t - 60_000, t - (t % intervalMs), BAR_COLUMNS),
      );
      expect(sought!.closed?.[id], id).toEqual(closed);
      expect(closed[0]!.length, id).toBeGreaterThan(10);
      const trades = rows(market.depth.tape, t - 60_000, t + 1, TAPE_COLUMNS);
      expect(sought!.trades?.[id], id).toEqual(trades);
      expect(trades.length, id).toBeGreaterThan(0);
      const points = rows(market.series, t - 60_000, t + 1, 2);
      expect(sought!.points?.[id], id).toEqual(points);
      expect(points.length, id).toBeGreaterThan(10);
    }
  });

  it('clamps the target to the recording, as the server does', async () => {
    const sought = await seekBars(recording, frames.at(-1)!.t + 60_000);
    expect(sought?.position).toBe(recording.end);
  });

  it("fold past a gap in an instrument's sequence, as the recording played past it (bug 268)", async () => {
    // 60 s of one market whose seqs jump by 3 after 10 s: the server played on, and its
    // snapshots after a seek are the fold past the gap; the reader waited for a snapshot that
    // never comes, and had no bar at the cursor.
    const gapped = [...syntheticFrames({ messages: 600, stepMs: 100, instruments: 1 })].map(
      (frame, i) => {
        const m = JSON.parse(frame.raw) as ServerMessage;
        if (i < 100 || m.op !== 'ticks') return frame;
        const ticks = m.ticks.map((tick: Tick) => ({ ...tick, seq: tick.seq + 3 }));
        return { ...frame, raw: JSON.stringify({ ...m, ticks }) };
      },
    );
    const dir = join(root, 'gapped');
    const writer = await RecordingWriter.create({ dir, source: 'gapped', now: () => gapped[0]!.t });
    for (const f of gapped) writer.write(f.raw, f.t);
    await writer.close();
    const t = gapped[0]!.t + 50_550;
    const trades = gapped
      .filter((f) => f.t <= t)
      .flatMap((f) => {
        const m = JSON.parse(f.raw) as ServerMessage;
        return m.op === 'ticks' ? m.ticks.filter((k) => k.instrument === 'M0') : [];
      })
      .filter((k) => k.kind === 'trade');
    const sought = await seekBars(await openRecording(dir), t);
    const minute = sought!.bars['M0']![2]!;
    expect(minute[0]).toBe(t - (t % 60_000));
    // Before: the price of the last trade before the gap, 40 s earlier.
    expect(minute[4]).toBe(trades.at(-1)!.price);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeServerMessage } from '../../protocol/decode';
import { openRecording, type Recording } from '../../recording';
import { writeSyntheticRecording, type TimedFrame } from '../../test-support/recording-traffic';
import { FeedState } from '../feed/feed-state';
import { BAR_COLUMNS } from '../feed/market-bars';
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
  const bars: Record<string, (number[] | null)[]> = {};
  for (const [id, market] of state.markets)
    bars[id] = market.bars.map(({ ring, intervalMs }) => {
      const newest = Array.from({ length: BAR_COLUMNS }, (_, c) => ring.at(ring.end - 1, c));
      return ring.length > 0 && newest[0] === t - (t % intervalMs) ? newest : null;
    });
  return bars;
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

  it('clamps the target to the recording, as the server does', async () => {
    const sought = await seekBars(recording, frames.at(-1)!.t + 60_000);
    expect(sought?.position).toBe(recording.end);
  });
});

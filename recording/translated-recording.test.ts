import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instrument } from '../protocol/feed';
import { openRecording, type Recording } from './recording-reader';
import { RecordingWriter } from './recording-writer';
import { foldRaw, seek } from './seek';
import { StateFold } from './state-fold';
import { translateRecording, type FrameTranslator } from './translated-recording';

const T0 = 1_764_000_000_000;
const FEED = 'kraken:BTC/USD';

/**
 * A toy exchange dialect: `{"px":"101.5"}` frames for one pair. The first frame after each
 * (re)connection becomes a snapshot, later ones quote ticks: translation depends on history,
 * as a real adapter's does.
 */
function toyTranslator(): FrameTranslator & { sessions: number } {
  let seq = 0;
  let fresh = true;
  const t = {
    sessions: 1,
    translate(raw: string, receivedAt: number): string[] {
      const px = Number((JSON.parse(raw) as { px: string }).px);
      if (fresh) {
        fresh = false;
        const state = {
          kind: 'market',
          bid: px,
          ask: px,
          bidSize: 1,
          askSize: 1,
          open: px,
          high: px,
          low: px,
          last: px,
          lastSize: 0,
          volume: 0,
          trades: 0,
          ts: receivedAt,
        };
        return [JSON.stringify({ op: 'snapshot', instrument: 'BTC/USD', seq, state })];
      }
      const tick = { instrument: 'BTC/USD', seq: ++seq, ts: receivedAt, kind: 'quote' };
      return [
        JSON.stringify({
          op: 'ticks',
          ticks: [{ ...tick, bid: px, ask: px + 1, bidSize: 1, askSize: 1 }],
        }),
      ];
    },
    reconnected() {
      fresh = true;
      t.sessions++;
    },
    instruments: (): Instrument[] => [
      { id: 'BTC/USD', kind: 'market', name: 'BTC/USD', tickSize: 0.1 },
    ],
  };
  return t;
}

let dir: string;
let raw: Recording;
let translator: ReturnType<typeof toyTranslator>;
let recording: Recording;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickdeck-translated-'));
  // 20 s of a frame every 100 ms, a reconnect at 10 s, segments of 6 s.
  const writer = await RecordingWriter.create({
    dir,
    source: FEED,
    feed: FEED,
    segmentMaxMs: 6_000,
    now: () => T0,
  });
  for (let i = 0; i < 200; i++) {
    const t = T0 + i * 100;
    if (i === 100) writer.mark('connected', t);
    writer.write(`{"px":"${(100 + i / 10).toFixed(1)}"}`, t);
  }
  await writer.close();
  raw = await openRecording(dir);
  translator = toyTranslator();
  recording = await translateRecording(raw, translator);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The state a client holds after playing the translated frames from the start up to `t`. */
async function playTo(t: number): Promise<StateFold> {
  const fold = new StateFold();
  for await (const e of recording.entries()) {
    if (e.t > t) break;
    if (e.kind === 'message') foldRaw(fold, e.raw);
  }
  return fold;
}

describe('a recording of raw exchange messages, translated', () => {
  it('names its feed, keeps the raw frames on disk and has no checkpoints of its own', () => {
    expect(raw.feed).toBe(FEED);
    expect(raw.segments.length).toBeGreaterThanOrEqual(3);
    expect(raw.segments.every((s) => s.checkpoints.length === 0)).toBe(true);
  });

  it('serves protocol frames, a new session at the reconnect, and the adapter instruments', async () => {
    const ops: string[] = [];
    for await (const e of recording.entries())
      if (e.kind === 'message') ops.push((JSON.parse(e.raw) as { op: string }).op);
    expect(ops).toHaveLength(200);
    expect(ops.filter((op) => op === 'snapshot')).toHaveLength(2);
    expect(translator.sessions).toBe(2);
    expect(recording.instruments.map((i) => i.id)).toEqual(['BTC/USD']);
    expect(recording.feed).toBe(FEED);
  });

  it('rebuilds checkpoints from translated state, so every later segment starts from one', () => {
    for (const segment of recording.segments.slice(1)) {
      expect(segment.checkpoints[0]?.t).toBe(segment.start);
      expect(segment.checkpoints[0]?.deflateOffset).toBeUndefined();
    }
    expect(recording.segments.flatMap((s) => s.checkpoints).length).toBeGreaterThanOrEqual(4);
  });

  it('seeks to the same state as playing from the start, anywhere (and across the reconnect)', async () => {
    const { start, end, segments } = recording;
    const moments = [
      start,
      start + 5_050,
      segments[1]!.start,
      segments[1]!.start + 1,
      start + 9_999,
      start + 10_000,
      start + 10_050,
      (start + end) / 2 + 1_234,
      end,
    ];
    for (const t of moments) {
      const played = await playTo(t);
      const sought = await seek(recording, t);
      expect(sought.fold.snapshots(), `state at ${t - start} ms`).toEqual(played.snapshots());
      expect(played.snapshots()).toHaveLength(1);
    }
    // The state at the end is the last raw frame's price.
    const last = (await seek(recording, end)).fold.snapshots()[0]!.state;
    expect(last).toMatchObject({ bid: 119.9, ask: 120.9 });
  });
});

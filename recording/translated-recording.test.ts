import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeFrameTranslator } from '../main/feed/adapters/replay-translator';
import type { Instrument, SnapshotMessage, TicksMessage } from '../protocol/feed';
import { KRAKEN_BOOK_SNAPSHOT, KRAKEN_BOOK_UPDATE } from '../test-support/kraken-book-payloads';
import {
  KRAKEN_HEARTBEAT,
  KRAKEN_STATUS,
  KRAKEN_TICKER_ACK,
  KRAKEN_TICKER_SNAPSHOT,
  KRAKEN_TICKER_UPDATE,
  KRAKEN_TRADE_SNAPSHOT,
  KRAKEN_TRADE_UPDATE,
} from '../test-support/kraken-payloads';
import { translateWholeRecording } from '../test-support/full-translation';
import type { Entry } from './format';
import { openRecording, type Recording } from './recording-reader';
import { RecordingWriter } from './recording-writer';
import { foldRaw, seek } from './seek';
import { StateFold } from './state-fold';
import type { FrameTranslator } from './segment-translation';
import { openTranslatedRecording, type TranslatedRecording } from './translated-recording';

const T0 = 1_764_000_000_000;
const FEED = 'kraken:BTC/USD';

/**
 * A toy exchange dialect: `{"px":"101.5"}` frames for one pair. The first frame after each
 * (re)connection becomes a snapshot, later ones quote ticks: translation depends on history,
 * as a real adapter's does.
 */
function toyTranslator(): FrameTranslator & { sessions: number; frames: number } {
  let seq = 0;
  let fresh = true;
  const t = {
    sessions: 1,
    frames: 0,
    translate(raw: string, receivedAt: number): (SnapshotMessage | TicksMessage)[] {
      t.frames++;
      const px = Number((JSON.parse(raw) as { px: string }).px);
      if (fresh) {
        fresh = false;
        const state = {
          kind: 'market' as const,
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
        return [{ op: 'snapshot', instrument: 'BTC/USD', seq, state }];
      }
      const tick = { instrument: 'BTC/USD', seq: ++seq, ts: receivedAt, kind: 'quote' as const };
      return [{ op: 'ticks', ticks: [{ ...tick, bid: px, ask: px + 1, bidSize: 1, askSize: 1 }] }];
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
let spillRoot: string;
let raw: Recording;
let translator: ReturnType<typeof toyTranslator>;
let recording: TranslatedRecording;
const opened: TranslatedRecording[] = [];

/** Opens the raw recording in `from` translated by `translator`, closed after the tests. */
async function openTranslated(
  from: string,
  translatorOf: FrameTranslator,
): Promise<TranslatedRecording> {
  const translated = await openTranslatedRecording(await openRecording(from), translatorOf);
  opened.push(translated);
  return translated;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickdeck-translated-'));
  // Spill folders go under the system temp folder: a private one, to see them removed.
  spillRoot = mkdtempSync(join(tmpdir(), 'tickdeck-translated-spill-'));
  process.env.TMPDIR = spillRoot;
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
  recording = await openTranslated(dir, translator);
});
afterAll(async () => {
  for (const translated of opened) await translated.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(spillRoot, { recursive: true, force: true });
});

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

const KRAKEN_FEED = 'kraken:ALGO/USD,MATIC/USD';
/** The documented payloads are pretty-printed; Kraken sends one line. */
const wire = (text: string) => text.replace(/\n\s*/g, '');

/**
 * 15 s of Kraken traffic over 3 s segments: tickers for two pairs, a MATIC book whose repeated
 * update fails its checksum (so the adapter resyncs, as live), trades, heartbeats, and a
 * reconnect half way.
 */
async function writeKrakenRecording(to: string): Promise<void> {
  const writer = await RecordingWriter.create({
    dir: to,
    source: KRAKEN_FEED,
    feed: KRAKEN_FEED,
    segmentMaxMs: 3_000,
    now: () => T0,
  });
  let t = T0;
  const matic = (text: string) => text.replace('ALGO/USD', 'MATIC/USD');
  const connect = () => {
    for (const frame of [
      KRAKEN_STATUS,
      KRAKEN_TICKER_ACK,
      KRAKEN_TICKER_SNAPSHOT,
      matic(KRAKEN_TICKER_SNAPSHOT),
      KRAKEN_BOOK_SNAPSHOT,
      KRAKEN_TRADE_SNAPSHOT,
    ])
      writer.write(wire(frame), t++);
  };
  connect();
  for (let i = 0; i < 600; i++) {
    t += 25;
    if (i === 300) {
      writer.mark('connected', t);
      connect();
    }
    const bid = (0.1 + (i % 17) * 1e-5).toFixed(5);
    if (i % 3 === 0) writer.write(wire(KRAKEN_TICKER_UPDATE).replace('0.10025', bid), t);
    if (i % 50 === 7) writer.write(wire(KRAKEN_BOOK_UPDATE), t);
    if (i % 40 === 11) writer.write(wire(KRAKEN_TRADE_UPDATE), t);
    if (i % 97 === 0) writer.write(wire(KRAKEN_HEARTBEAT), t);
  }
  await writer.close();
}

async function allEntries(of: Recording): Promise<Entry[]> {
  const entries: Entry[] = [];
  for await (const e of of.entries()) entries.push(e);
  return entries;
}

/**
 * Holds a streamed translation to the whole one: the same seeks (taken first, in a jumping
 * order, so some land beyond what is translated and some behind it), then the same entries,
 * segment index and instruments.
 */
async function expectSameAsWhole(
  from: string,
  translatorOf: () => FrameTranslator,
  moments: (whole: Recording) => number[],
): Promise<Recording> {
  const whole = await translateWholeRecording(await openRecording(from), translatorOf());
  const streamed = await openTranslated(from, translatorOf());
  for (const t of moments(whole)) {
    const [a, b] = [await seek(streamed, t), await seek(whole, t)];
    const label = `seek to ${t - whole.start} ms`;
    expect(a.fold.snapshots(), label).toEqual(b.fold.snapshots());
    expect([a.position, a.segment, a.entry], label).toEqual([b.position, b.segment, b.entry]);
  }
  expect(await allEntries(streamed)).toEqual(await allEntries(whole));
  expect(streamed.segments).toEqual(whole.segments);
  expect(streamed.instruments).toEqual(whole.instruments);
  return whole;
}

describe('a translated recording streams', () => {
  it('opens by translating its first segment (and the next one ahead), not the whole recording', async () => {
    const lazy = toyTranslator();
    const streamed = await openTranslated(dir, lazy);
    await new Promise((r) => setTimeout(r, 50)); // the translation ahead, if any, is done
    const [first, second] = raw.segments;
    expect(raw.segments.length).toBeGreaterThanOrEqual(3);
    expect(lazy.frames).toBeLessThanOrEqual(first!.messages + second!.messages);
    await allEntries(streamed);
    expect(lazy.frames).toBe(200);
  });

  it('plays and seeks exactly as the whole translation did (toy dialect)', async () => {
    await expectSameAsWhole(dir, toyTranslator, ({ start, end, segments }) => [
      end,
      start,
      segments[2]!.start + 1,
      start + 5_050,
      segments[1]!.start,
      start + 10_000,
      start + 9_999,
      end - 1,
      start + 12_345,
    ]);
  });

  it('plays and seeks exactly as the whole translation did (the Kraken adapter)', async () => {
    const kraken = mkdtempSync(join(tmpdir(), 'tickdeck-translated-kraken-'));
    try {
      await writeKrakenRecording(kraken);
      expect((await openRecording(kraken)).segments.length).toBeGreaterThanOrEqual(4);
      const whole = await expectSameAsWhole(
        kraken,
        () => exchangeFrameTranslator(KRAKEN_FEED),
        ({ start, end, segments }) => [
          segments[3]!.start + 700,
          start,
          end,
          segments[1]!.start,
          start + 7_513,
          segments[2]!.start - 1,
          start + 1_000,
          segments.at(-1)!.start + 1,
        ],
      );
      // Both pairs traded and quoted, and the book came through its resyncs.
      expect(whole.instruments.map((i) => i.id)).toEqual(['ALGO/USD', 'MATIC/USD']);
      const state = (await seek(whole, whole.end)).fold.snapshots();
      expect(state.map((s) => s.instrument)).toEqual(['ALGO/USD', 'MATIC/USD']);
      expect(whole.segments.reduce((n, s) => n + s.messages, 0)).toBeGreaterThan(200);
    } finally {
      rmSync(kraken, { recursive: true, force: true });
    }
  });

  it('keeps translated segments in a spill folder, removed when closed', async () => {
    const before = readdirSync(spillRoot).length;
    const streamed = await openTranslatedRecording(await openRecording(dir), toyTranslator());
    await allEntries(streamed);
    expect(readdirSync(spillRoot)).toHaveLength(before + 1);
    await streamed.close();
    expect(readdirSync(spillRoot)).toHaveLength(before);
  });
});

describe('a translated recording whose segments are longer than a translation chunk', () => {
  let long: string;
  beforeAll(async () => {
    long = mkdtempSync(join(tmpdir(), 'tickdeck-translated-long-'));
    // Two segments of 4,000 frames (a frame every 10 ms), with a reconnect inside the first.
    const writer = await RecordingWriter.create({
      dir: long,
      source: FEED,
      feed: FEED,
      segmentMaxMs: 40_000,
      now: () => T0,
    });
    for (let i = 0; i < 8_000; i++) {
      const t = T0 + i * 10;
      if (i === 2_500) writer.mark('connected', t);
      writer.write(`{"px":"${(100 + (i % 500) / 10).toFixed(1)}"}`, t);
    }
    await writer.close();
  });
  afterAll(() => rmSync(long, { recursive: true, force: true }));

  it('opens once the first chunk is translated, then grows the segment in the background', async () => {
    const lazy = toyTranslator();
    const { messages } = (await openRecording(long)).segments[0]!;
    expect(messages).toBe(4_000);
    const streamed = await openTranslated(long, lazy);
    // Opening waited for some of the first segment, not all of it (nothing ran in between).
    expect(lazy.frames).toBeGreaterThan(0);
    expect(lazy.frames).toBeLessThan(messages);
    const all = await allEntries(streamed);
    expect(all.filter((e) => e.kind === 'message')).toHaveLength(8_000);
    expect(lazy.frames).toBe(8_000);
  });

  it('plays and seeks exactly as the whole translation did, also inside a segment still growing', async () => {
    await expectSameAsWhole(long, toyTranslator, ({ start, end, segments }) => [
      start + 33_333,
      start + 24_999,
      start + 25_000,
      start + 5,
      segments[1]!.start + 12_345,
      end,
      start,
    ]);
  });
});

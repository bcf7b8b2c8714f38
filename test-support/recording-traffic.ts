/**
 * Deterministic protocol traffic for tests and benchmarks that need a recording without a
 * running feed: a hello, a snapshot per instrument, then ticks messages (quotes and trades on
 * market instruments, clock and odds on one match), every `stepMs` of receive time.
 */
import type { Instrument, SnapshotMessage, Tick } from '../protocol/feed';
import { RecordingWriter, type RecordingWriterOptions } from '../recording';
import { mulberry32 } from './mulberry32';

/** One frame as a feed would send it, with its receive time. */
export interface TimedFrame {
  readonly raw: string;
  readonly t: number;
}

/** Options of {@link syntheticFrames}. */
export interface SyntheticOptions {
  readonly messages: number;
  readonly start?: number;
  readonly stepMs?: number;
  readonly instruments?: number;
  readonly seed?: number;
}

/** Instruments of the synthetic feed: `M0..Mn-1` markets and one match `F0`. */
export function syntheticInstruments(count: number): Instrument[] {
  const list: Instrument[] = [];
  for (let i = 0; i < count; i++)
    list.push({ id: `M${i}`, kind: 'market', name: `Market ${i}`, tickSize: 0.01, decimals: 2 });
  list.push({ id: 'F0', kind: 'sports', name: 'Home v Away', home: 'Home', away: 'Away' });
  return list;
}

/** Generates `messages` frames (hello and snapshots first). */
export function* syntheticFrames(opts: SyntheticOptions): Generator<TimedFrame> {
  const start = opts.start ?? 1_764_000_000_000;
  const stepMs = opts.stepMs ?? 10;
  const instruments = syntheticInstruments(opts.instruments ?? 8);
  const rand = mulberry32(opts.seed ?? 1);
  const seq = new Map(instruments.map((i) => [i.id, 0]));
  const price = new Map(instruments.map((i, n) => [i.id, 100 + n * 10]));
  let t = start;
  let sent: number;
  const emit = (m: object): TimedFrame => ({ raw: JSON.stringify(m), t });
  yield emit({ op: 'hello', protocol: 1, heartbeatMs: 1000, instruments, server: 'synthetic' });
  for (const inst of instruments) {
    const p = price.get(inst.id)!;
    const snap: SnapshotMessage =
      inst.kind === 'market'
        ? {
            op: 'snapshot',
            instrument: inst.id,
            seq: 0,
            state: {
              kind: 'market',
              bid: p - 0.01,
              ask: p + 0.01,
              bidSize: 100,
              askSize: 100,
              open: p,
              high: p,
              low: p,
              last: p,
              lastSize: 0,
              volume: 0,
              trades: 0,
              ts: t,
            },
          }
        : {
            op: 'snapshot',
            instrument: inst.id,
            seq: 0,
            state: {
              kind: 'sports',
              status: 'live',
              home: 0,
              away: 0,
              clockMs: 0,
              running: true,
              odds: { home: 2.1, draw: 3.2, away: 3.5 },
              incidents: [],
              ts: t,
            },
          };
    yield emit(snap);
  }
  sent = 1 + instruments.length;
  for (; sent < opts.messages; sent++) {
    t += stepMs;
    const ticks: Tick[] = [];
    const count = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < count; k++) {
      const inst = instruments[Math.floor(rand() * instruments.length)]!;
      const s = seq.get(inst.id)! + 1;
      seq.set(inst.id, s);
      if (inst.kind === 'sports') {
        ticks.push(
          rand() < 0.5
            ? {
                instrument: inst.id,
                seq: s,
                ts: t,
                kind: 'clock',
                clockMs: s * 1000,
                running: true,
              }
            : {
                instrument: inst.id,
                seq: s,
                ts: t,
                kind: 'odds',
                home: 2 + rand(),
                draw: 3,
                away: 3 + rand(),
              },
        );
        continue;
      }
      const p = Math.max(1, Math.round((price.get(inst.id)! + (rand() - 0.5) * 0.1) * 100) / 100);
      price.set(inst.id, p);
      ticks.push(
        rand() < 0.3
          ? {
              instrument: inst.id,
              seq: s,
              ts: t,
              kind: 'trade',
              price: p,
              size: 1 + Math.floor(rand() * 500),
              side: rand() < 0.5 ? 'buy' : 'sell',
            }
          : {
              instrument: inst.id,
              seq: s,
              ts: t,
              kind: 'quote',
              bid: Math.round((p - 0.01) * 100) / 100,
              ask: Math.round((p + 0.01) * 100) / 100,
              bidSize: 100,
              askSize: 200,
            },
      );
    }
    yield emit({ op: 'ticks', ticks });
  }
}

/** Writes a synthetic recording into `dir` and closes it; returns the frames written. */
export async function writeSyntheticRecording(
  dir: string,
  opts: SyntheticOptions & Omit<Partial<RecordingWriterOptions>, 'instruments'>,
): Promise<TimedFrame[]> {
  const frames = [...syntheticFrames(opts)];
  // `instruments` is a count here; the writer learns the instrument list from the hello.
  const { instruments: _count, ...writerOptions } = opts;
  const writer = await RecordingWriter.create({
    ...writerOptions,
    dir,
    source: opts.source ?? 'synthetic',
    now: () => frames[0]!.t,
  });
  for (const f of frames) writer.write(f.raw, f.t);
  await writer.close();
  return frames;
}

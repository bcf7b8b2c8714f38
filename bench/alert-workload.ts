/**
 * The alerts benches' workload, one copy: 10,000 rules (a mix of every market condition,
 * `every 60s`) over 1,000 instruments, and seeded ticks at 200k ticks/s (70 % quotes), as tick
 * arrays, recorded in typed arrays, or as the protocol's `ticks` frames.
 */
import type { AlertCondition, AlertRule } from '../protocol/alerts';
import type { Instrument, Tick } from '../protocol/feed';
import type { AlertIndexSlot } from '../main/alerts/alert-index-slot';
import { seededRandom } from './seeded-ticks';

export const INSTRUMENTS = 1_000;
export const RULES = 10_000;
export const TICKS_PER_SEC = 200_000;

export const INSTRUMENT_IDS: readonly string[] = Array.from(
  { length: INSTRUMENTS },
  (_, i) => `I${i}`,
);
const ids = INSTRUMENT_IDS;

/** The workload's instruments, as a feed's hello lists them. */
export const WORKLOAD_INSTRUMENTS: readonly Instrument[] = ids.map((id) => ({
  id,
  kind: 'market',
  name: id,
  tickSize: 0.01,
}));

/**
 * An empty alert slot per instrument, as a fold's states carry them, for the benches that
 * drive the evaluator without a fold: the evaluator keeps each instrument's row in its slot.
 */
export function emptySlots(ids: readonly string[] = INSTRUMENT_IDS): Map<string, AlertIndexSlot> {
  return new Map(
    ids.map((id) => [id, { alertIndex: undefined, alertIndexId: null, alertIndexVersion: 0 }]),
  );
}

export function makeRules(): AlertRule[] {
  const r = seededRandom(16);
  const out: AlertRule[] = [];
  for (let i = 0; i < RULES; i++) {
    const level = 95 + r() * 10;
    const windowMs = [5_000, 10_000, 60_000][i % 3] as number;
    const conditions: AlertCondition[] = [
      { type: 'above', level, price: 'last' },
      { type: 'below', level, price: 'mid' },
      { type: 'crosses-up', level, price: 'last' },
      { type: 'crosses-down', level, price: 'mid' },
      { type: 'move-down-pct', pct: 1 + r() * 9, windowMs, price: 'last' },
      { type: 'move-up-pct', pct: 1 + r() * 9, windowMs, price: 'mid' },
      { type: 'spread-above', value: 0.5 + r() },
      { type: 'volume-above', volume: 10_000 + r() * 50_000, windowMs },
    ];
    out.push({
      id: `r${i}`,
      instrument: ids[i % INSTRUMENTS] as string,
      condition: conditions[Math.floor(r() * conditions.length)] as AlertCondition,
      trigger: { mode: 'every', cooldownMs: 60_000 },
      expiresAt: null,
      note: '',
      enabled: true,
    });
  }
  return out;
}

/**
 * The bench's tick stream, recorded in typed arrays rather than as tick objects: 1.8 million
 * objects held for the whole bench were most of the heap, so every major GC that a run set off
 * (a run with rules allocates more, so sets off more) marked them all, on that run's time — a
 * cost of the bench, not of the rules. `slice` makes the ticks of a frame as a decoder does,
 * fresh objects that die young.
 */
export class RecordedTicks {
  private readonly instrument: Uint16Array;
  private readonly seq: Uint32Array;
  private readonly ts: Float64Array;
  /** 1 for a trade (price, size), 0 for a quote (bid = price, ask). */
  private readonly trade: Uint8Array;
  private readonly price: Float64Array;
  private readonly ask: Float64Array;
  private readonly size: Uint16Array;

  constructor(readonly length: number) {
    this.instrument = new Uint16Array(length);
    this.seq = new Uint32Array(length);
    this.ts = new Float64Array(length);
    this.trade = new Uint8Array(length);
    this.price = new Float64Array(length);
    this.ask = new Float64Array(length);
    this.size = new Uint16Array(length);
    const r = seededRandom(7);
    const price = new Float64Array(INSTRUMENTS).fill(100);
    const seq = new Uint32Array(INSTRUMENTS);
    const t0 = 1_700_000_000_000;
    for (let n = 0; n < length; n++) {
      const i = Math.floor(r() * INSTRUMENTS);
      price[i] = Math.max(1, (price[i] as number) * (1 + (r() - 0.5) * 0.002));
      const p = Math.round((price[i] as number) * 100) / 100;
      this.instrument[n] = i;
      this.seq[n] = ++seq[i]!;
      this.ts[n] = t0 + Math.floor((n * 1_000) / TICKS_PER_SEC);
      this.price[n] = p;
      if (r() < 0.3) {
        this.trade[n] = 1;
        this.size[n] = 1 + Math.floor(r() * 500);
      } else this.ask[n] = p + 0.01 + Math.floor(r() * 100) / 100;
    }
  }

  /** Event time of tick `n`. */
  tsAt(n: number): number {
    return this.ts[n] as number;
  }

  /** Ticks [from, to) as fresh objects. */
  slice(from: number, to: number): Tick[] {
    const out: Tick[] = [];
    for (let n = from; n < to; n++) {
      const instrument = ids[this.instrument[n] as number] as string;
      const seq = this.seq[n] as number;
      const ts = this.ts[n] as number;
      const p = this.price[n] as number;
      // Literals, not a spread of a shared base: a spread's objects cost V8 several times more.
      out.push(
        this.trade[n] === 1
          ? {
              instrument,
              seq,
              ts,
              kind: 'trade',
              price: p,
              size: this.size[n] as number,
              side: 'buy',
            }
          : {
              instrument,
              seq,
              ts,
              kind: 'quote',
              bid: p,
              ask: this.ask[n] as number,
              bidSize: 100,
              askSize: 100,
            },
      );
    }
    return out;
  }
}

export function makeTicks(count: number): Tick[] {
  return new RecordedTicks(count).slice(0, count);
}

/** The ticks as the simulator sends them: `ticks` frames of `frameTicks` each. */
export function toFrames(ticks: readonly Tick[] | RecordedTicks, frameTicks: number): string[] {
  const frames: string[] = [];
  for (let at = 0; at < ticks.length; at += frameTicks) {
    const to = Math.min(ticks.length, at + frameTicks);
    const frame = Array.isArray(ticks)
      ? ticks.slice(at, to)
      : (ticks as RecordedTicks).slice(at, to);
    frames.push(JSON.stringify({ op: 'ticks', ticks: frame }));
  }
  return frames;
}

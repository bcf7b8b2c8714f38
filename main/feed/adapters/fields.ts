/**
 * Shared pieces of the translators: readers that name the offending field when an exchange
 * payload is malformed or a field changed type, the per-instrument seq counter, the instrument
 * registry that learns display decimals from the exchange's price text, and the accumulator a
 * translator fills while reading one frame.
 */
import type {
  Instrument,
  MarketInstrument,
  SnapshotMessage,
  SnapshotState,
  Tick,
} from '../../../protocol/feed';
import type { ExactDecimal } from './decimal';
import { numberToDecimal, parseDecimalText } from './decimal';
import type { AdapterContext, AdapterError, ResyncNeed, Translation } from './translator';

/** A payload field that is missing or of the wrong type; `path` names it, e.g. `data[0].price`. */
export class FieldError extends Error {
  constructor(
    readonly path: string,
    expected: string,
    got: unknown,
  ) {
    super(`${path}: expected ${expected}, got ${describe(got)}`);
  }
}

/** A JSON object read from the wire. */
export type Obj = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (field missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) throw new FieldError(path, 'an object', v);
  return v;
}

export function arr(v: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(v)) throw new FieldError(path, 'an array', v);
  return v;
}

export function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new FieldError(`${path}.${key}`, 'a string', v);
  return v;
}

export function bool(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new FieldError(`${path}.${key}`, 'true or false', v);
  return v;
}

/** A non-negative safe integer (ids, sequence numbers, epoch ms). */
export function int(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new FieldError(`${path}.${key}`, 'a whole number', v);
  return v;
}

/**
 * A decimal sent as a JSON string (Binance, Coinbase); with `numbers`, a JSON number is
 * accepted too (Kraken v2 sends numbers, its checksum guide strings). A number where a string
 * is documented is a changed field type and rejected, so a silent schema change is noticed.
 */
export function dec(o: Obj, key: string, path: string, numbers = false): ExactDecimal {
  const v = o[key];
  const d =
    typeof v === 'string'
      ? parseDecimalText(v)
      : numbers && typeof v === 'number'
        ? numberToDecimal(v)
        : null;
  if (!d) throw new FieldError(`${path}.${key}`, numbers ? 'a decimal' : 'a decimal string', v);
  return d;
}

/** An ISO 8601 time ("2023-09-25T09:04:31.742648Z") as epoch ms. */
export function isoTime(o: Obj, key: string, path: string): number {
  const v = o[key];
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new FieldError(`${path}.${key}`, 'an ISO 8601 time', v);
  return ms;
}

/** Parses a frame as a JSON object, or throws a FieldError naming the frame. */
export function parseFrame(text: string): Obj {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new FieldError('frame', 'JSON', text.length > 40 ? `${text.slice(0, 40)}…` : text);
  }
  return obj(v, 'frame');
}

/** Per-instrument `seq`, rising by 1 per event; it survives reconnects. */
export class SeqCounter {
  private readonly last = new Map<string, number>();

  /** The seq of the next event of `id`. */
  next(id: string): number {
    const seq = (this.last.get(id) ?? 0) + 1;
    this.last.set(id, seq);
    return seq;
  }

  /** Seq of the last event of `id` (0 before any): what a snapshot carries. */
  current(id: string): number {
    return this.last.get(id) ?? 0;
  }

  /**
   * Events of `id` were lost upstream (an exchange gap): the seq jumps over them, so the
   * engine sees the gap, counts it and waits for the snapshot the resync brings.
   */
  skip(id: string, lost = 1): void {
    this.last.set(id, this.current(id) + lost);
  }
}

/** Instruments of a feed; announces the list again when it changes. */
export class InstrumentRegistry {
  private readonly byId = new Map<string, Instrument>();
  private changed = false;

  list(): readonly Instrument[] {
    return [...this.byId.values()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds or replaces an instrument; a change is announced with the next translation. */
  put(instrument: Instrument): void {
    const old = this.byId.get(instrument.id);
    if (old && JSON.stringify(old) === JSON.stringify(instrument)) return;
    this.byId.set(instrument.id, instrument);
    this.changed = true;
  }

  remove(id: string): void {
    if (this.byId.delete(id)) this.changed = true;
  }

  /**
   * Raises a market instrument's display decimals to the precision of a price the exchange
   * sent, so display never drops a digit the exchange quoted and never invents one.
   */
  observePrice(id: string, price: ExactDecimal): void {
    const old = this.byId.get(id);
    if (!old || old.kind !== 'market') return;
    if (old.decimals !== undefined && old.decimals >= price.decimals) return;
    this.put(withDecimals(old, price.decimals));
  }

  /** The full list if it changed since the last call. */
  takeChanges(): readonly Instrument[] | undefined {
    if (!this.changed) return undefined;
    this.changed = false;
    return this.list();
  }
}

/** A market instrument with `decimals` and the matching tick size. */
export function withDecimals(m: MarketInstrument, decimals: number): MarketInstrument {
  return { ...m, decimals, tickSize: Number((10 ** -decimals).toFixed(decimals)) };
}

/** Collects what one frame produces; `done()` builds the {@link Translation}. */
export class Out {
  readonly ticks: Tick[] = [];
  readonly snapshots: SnapshotMessage[] = [];
  readonly errors: AdapterError[] = [];
  readonly resync: ResyncNeed[] = [];
  readonly reply: string[] = [];
  heartbeat = false;
  reconnect: string | undefined;

  constructor(private readonly ctx: AdapterContext) {}

  /** Adds a tick, assigning the instrument's next seq. */
  tick<T extends Tick>(tick: Omit<T, 'seq'>): void {
    this.ticks.push({ ...tick, seq: this.ctx.seq.next(tick.instrument) } as T);
    if (tick.kind === 'trade')
      this.ctx.trades.set(tick.instrument, (this.ctx.trades.get(tick.instrument) ?? 0) + 1);
  }

  snapshot(instrument: string, state: SnapshotState): void {
    this.snapshots.push({
      op: 'snapshot',
      instrument,
      seq: this.ctx.seq.current(instrument),
      state,
    });
  }

  malformed(e: unknown, instrument?: string): void {
    const message = e instanceof Error ? e.message : String(e);
    this.errors.push(
      instrument ? { kind: 'malformed', message, instrument } : { kind: 'malformed', message },
    );
  }

  exchangeError(message: string, instrument?: string): void {
    this.errors.push(
      instrument ? { kind: 'exchange', message, instrument } : { kind: 'exchange', message },
    );
  }

  /** Marks a gap or checksum mismatch: the seq jumps and the runner resubscribes. */
  lost(instrument: string, reason: ResyncNeed['reason'], message: string): void {
    this.ctx.seq.skip(instrument);
    this.resync.push({ instrument, reason, message });
  }

  done(): Translation {
    const instruments = this.ctx.instruments.takeChanges();
    return {
      ticks: this.ticks,
      ...(instruments && { instruments }),
      ...(this.snapshots.length > 0 && { snapshots: this.snapshots }),
      ...(this.errors.length > 0 && { errors: this.errors }),
      ...(this.resync.length > 0 && { resync: this.resync }),
      ...(this.reply.length > 0 && { reply: this.reply }),
      ...(this.heartbeat && { heartbeat: true }),
      ...(this.reconnect !== undefined && { reconnect: this.reconnect }),
    };
  }
}

/** Runs `read` for one item; a malformed item is counted and the frame's other items survive. */
export function each(
  out: Out,
  items: readonly unknown[],
  path: string,
  read: (item: Obj, path: string) => void,
): void {
  items.forEach((item, i) => {
    try {
      read(obj(item, `${path}[${i}]`), `${path}[${i}]`);
    } catch (e) {
      out.malformed(e);
    }
  });
}

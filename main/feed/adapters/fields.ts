/**
 * Readers for exchange payloads that name the offending field when a payload is malformed or
 * a field changed type, e.g. `ticker.price: expected a decimal string, got the number 1285.22`.
 */
import { MAX_DECIMALS } from '../../../protocol/limits';
import { isObj } from '../../../protocol/plain-object';
import type { TradeSide } from '../../../protocol/feed';
import type { ExactDecimal } from './decimal';
import { numberToDecimal, parseDecimalText, writtenDecimals } from './decimal';
import type { TranslationBuilder } from './translation-builder';

export { isObj };

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

/** A trade's side as the exchange writes it (taker's or maker's: the caller knows which). */
export function side(o: Obj, key: string, path: string): TradeSide {
  const v = str(o, key, path);
  if (v !== 'buy' && v !== 'sell') throw new FieldError(`${path}.${key}`, '"buy" or "sell"', v);
  return v;
}

/**
 * The instrument `o[key]` names with the state kept for it; a name not subscribed is a
 * FieldError listing those that are.
 */
export function known<S>(
  states: ReadonlyMap<string, S>,
  o: Obj,
  key: string,
  path: string,
): [string, S] {
  const id = str(o, key, path);
  const s = states.get(id);
  if (s === undefined)
    throw new FieldError(`${path}.${key}`, `one of ${[...states.keys()].join(', ')}`, id);
  return [id, s];
}

const isSymbolChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

/**
 * The one of `ids` that `text` names whole: not inside a longer symbol, as `BTC/USD` is inside
 * `BTC/USDX` (a venue's refusal of the one must not drop the other).
 */
export function namedSymbol(text: string, ids: readonly string[]): string | undefined {
  return ids.find((id) => {
    for (let at = text.indexOf(id); at !== -1; at = text.indexOf(id, at + 1))
      if (!isSymbolChar(text[at - 1]) && !isSymbolChar(text[at + id.length])) return true;
    return false;
  });
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
 * More than `MAX_DECIMALS` digits after the point is rejected: no venue quotes that finely.
 * A price, size or volume is finite and not negative, as the Tickdeck protocol requires of
 * every tick (400 digits read as Infinity; a size of -1 took volume back); only a `signed`
 * figure (Kraken's 24 h `change`) may be below 0.
 */
export function dec(
  o: Obj,
  key: string,
  path: string,
  numbers = false,
  signed = false,
): ExactDecimal {
  const v = o[key];
  const d =
    typeof v === 'string'
      ? parseDecimalText(v)
      : numbers && typeof v === 'number'
        ? numberToDecimal(v)
        : null;
  if (!d) throw new FieldError(`${path}.${key}`, numbers ? 'a decimal' : 'a decimal string', v);
  // Display decimals (and Kraken's checksum padding) follow the written digits: bound them.
  if (writtenDecimals(d) > MAX_DECIMALS)
    throw new FieldError(
      `${path}.${key}`,
      `a decimal of at most ${MAX_DECIMALS} digits after the point`,
      v,
    );
  if (!Number.isFinite(d.value) || (d.value < 0 && !signed))
    throw new FieldError(
      `${path}.${key}`,
      signed ? 'a finite decimal' : 'a finite decimal >= 0',
      v,
    );
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

/** Runs `read` for one item; a malformed item is counted and the frame's other items survive. */
export function each(
  out: TranslationBuilder,
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

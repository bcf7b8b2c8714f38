/**
 * A ring's window extremes (ExtremaRings, laid out as extrema-ring-layout.ts says): moving each
 * window's cursor to its first entry still inside it, which a push leaves for later, and
 * reading the extreme it points to. Apart from the push, which calls `settle` only when its
 * ring is full.
 */
import {
  BOUND,
  COUNT,
  CURSOR,
  DIRTY,
  ENTRIES,
  HEAD,
  HEADER,
  LOW_WATER,
  MASK,
  NEWEST,
  REBASE_AT,
  SIGN,
  TAIL,
  W,
} from './extrema-ring-layout';

/** The time of ring `o`'s entry `i`. */
function tsAt(f: Float64Array, n: Int32Array, o: number, i: number): number {
  return f[(n[2 * o + ENTRIES] as number) + 2 * (i & (n[2 * o + MASK] as number))] as number;
}

/** The value of ring `o`'s entry `i`, as stored (times the ring's sign). */
function valueAt(f: Float64Array, n: Int32Array, o: number, i: number): number {
  return f[(n[2 * o + ENTRIES] as number) + 2 * (i & (n[2 * o + MASK] as number)) + 1] as number;
}

/**
 * Moves every cursor of ring `o` to its window's first entry at or after the newest time less
 * the window's length, drops what fell out of all windows and sets the bound to what is left.
 */
export function settle(f: Float64Array, n: Int32Array, o: number): void {
  const h = 2 * o;
  const count = n[h + COUNT] as number;
  const tail = n[h + TAIL] as number;
  let head = tail;
  for (let k = 0; k < count; k++) {
    const w = o + HEADER + W * k;
    // A cursor on a popped entry moves to the first entry pushed since, which outranks it
    // and is as recent; the entries before the low water are the ones it saw.
    let c = Math.min(n[2 * (w + CURSOR)] as number, n[h + LOW_WATER] as number);
    const from = (f[o + NEWEST] as number) - (f[w] as number);
    while (tsAt(f, n, o, c) < from) c++;
    n[2 * (w + CURSOR)] = c;
    head = Math.min(head, c);
  }
  n[h + HEAD] = head;
  n[h + LOW_WATER] = tail;
  n[h + DIRTY] = 0;
  f[o + BOUND] = tail > head ? valueAt(f, n, o, head) : -Infinity;
  if (head < REBASE_AT) return;
  const shift = head - (head & (n[h + MASK] as number));
  n[h + HEAD] = head - shift;
  n[h + TAIL] = tail - shift;
  n[h + LOW_WATER] = tail - shift;
  for (let k = 0; k < count; k++) (n[2 * (o + HEADER + W * k + CURSOR)] as number) -= shift;
}

/** The extreme value of ring `o`'s window `k`, settling the ring first if it was pushed. */
export function extremeOf(f: Float64Array, n: Int32Array, o: number, k: number): number {
  if (n[2 * o + DIRTY] === 1) settle(f, n, o);
  const cursor = n[2 * (o + HEADER + W * k + CURSOR)] as number;
  return (n[2 * o + SIGN] as number) * valueAt(f, n, o, cursor);
}

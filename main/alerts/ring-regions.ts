/**
 * The regions of one buffer that ExtremaRings' rings live in, side by side, the buffer seen as
 * doubles (Float64Array) and as 32-bit integers (Int32Array) over the same memory: a region is
 * found by its offset in doubles; released regions are reused by size; a ring that outgrows its
 * region is moved into a larger one (`move`), so the push never allocates. Regions are whole multiples of 64
 * bytes, so no two rings share more than a line. They are not on line boundaries: where lines
 * fall is set by the array's address, which the C allocator picks (the bench's 2 MB array began
 * 16 bytes past a line), so a header spans two lines (docs/PERFORMANCE.md, "Alerts at scale",
 * 5 Dec sixth session).
 */
import { COUNT, ENTRIES, HEAD, HEADER, MASK, TAIL, W } from './extrema-ring-layout';

/** Doubles a line. */
const LINE = 8;

export class RingRegions {
  f = new Float64Array(64);
  /** The same memory as `f`: double `o`'s integers are at `2 * o` and `2 * o + 1`. */
  n = new Int32Array(this.f.buffer);
  private top = 0;
  /** Each region's size in doubles, by offset. */
  private readonly sizes = new Map<number, number>();
  /** Released regions by size, for the next ring of that size. */
  private readonly free = new Map<number, number[]>();

  /** `grew` hears the new arrays when the buffer grows, so a reader can keep them in its fields. */
  constructor(private readonly grew: (f: Float64Array, n: Int32Array) => void) {}

  /** A region of at least `doubles` doubles, a whole multiple of 64 bytes; its offset. */
  alloc(doubles: number): number {
    const size = Math.ceil(doubles / LINE) * LINE;
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) return reused;
    if (this.top + size > this.f.length) {
      let length = this.f.length;
      while (this.top + size > length) length *= 2;
      const next = new Int32Array(2 * length);
      next.set(this.n.subarray(0, 2 * this.top));
      this.n = next;
      this.f = new Float64Array(next.buffer);
      this.grew(this.f, this.n);
    }
    const o = this.top;
    this.top += size;
    this.sizes.set(o, size);
    return o;
  }

  /** Gives the region at `o` back. */
  release(o: number): void {
    const size = this.sizes.get(o) as number;
    const list = this.free.get(size) ?? [];
    list.push(o);
    this.free.set(size, list);
  }

  /** Moves ring `o` into a new region of `entries` entries and `count` windows; its offset. */
  move(o: number, entries: number, count: number): number {
    const at = this.alloc(HEADER + W * count + 2 * entries);
    const n = this.n;
    const f = this.f;
    const oldCount = n[2 * o + COUNT] as number;
    // Bit for bit, integers and doubles alike.
    n.copyWithin(2 * at, 2 * o, 2 * (o + HEADER + W * oldCount));
    const mask = n[2 * o + MASK] as number;
    const from = n[2 * o + ENTRIES] as number;
    const to = at + HEADER + W * count;
    for (let i = n[2 * o + HEAD] as number; i < (n[2 * o + TAIL] as number); i++) {
      const s = from + 2 * (i & mask);
      const t = to + 2 * (i & (entries - 1));
      f[t] = f[s] as number;
      f[t + 1] = f[s + 1] as number;
    }
    n[2 * at + MASK] = entries - 1;
    n[2 * at + COUNT] = count;
    n[2 * at + ENTRIES] = to;
    this.release(o);
    return at;
  }
}

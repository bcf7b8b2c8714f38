/** bench/full-page-feed.ts's bars: prices folded into bars of every interval, as the engine does. */
import type { BarDelta } from '../protocol/batch';
import { BAR_INTERVALS_MS, type BarIntervalMs } from '../protocol/batch';

/** Folds prices into bars of every interval and says which changed since the last delta. */
export class BarFold {
  private readonly bars = BAR_INTERVALS_MS.map(() => [] as number[][]);
  private readonly sent = BAR_INTERVALS_MS.map(() => 0);

  add(t: number, p: number, size: number): void {
    BAR_INTERVALS_MS.forEach((ms, k) => {
      const list = this.bars[k]!;
      const open = t - (t % ms);
      const bar = list.at(-1);
      if (bar && bar[0] === open) {
        bar[2] = Math.max(bar[2]!, p);
        bar[3] = Math.min(bar[3]!, p);
        bar[4] = p;
        bar[5]! += size;
      } else list.push([open, p, p, p, p, size]);
    });
  }

  /** Each interval's bars from the last one sent (it may have changed) on. */
  delta(id: string): BarDelta[] {
    return BAR_INTERVALS_MS.map((ms, k) => {
      const list = this.bars[k]!;
      const from = Math.max(0, this.sent[k]! - 1);
      this.sent[k] = list.length;
      const rows = list.slice(from);
      // Only the newest bars matter once sent: keep the list short.
      if (list.length > 1_000) {
        list.splice(0, list.length - 2);
        this.sent[k] = list.length;
      }
      const col = (c: number) => rows.map((r) => r[c]!);
      return {
        id,
        intervalMs: ms as BarIntervalMs,
        t: col(0),
        o: col(1),
        h: col(2),
        l: col(3),
        c: col(4),
        v: col(5),
      };
    });
  }
}

/**
 * Thinning for batches: at most `max` of the rows [from, to), always ending with the newest.
 * With a value to preserve, each bucket keeps its minimum and maximum in time order (so a
 * spike survives, as in M4 downsampling); without one, rows are taken at an even stride.
 */
export function thinIndices(
  from: number,
  to: number,
  max: number,
  value?: (index: number) => number,
): number[] {
  const count = to - from;
  const out: number[] = [];
  if (count <= max) {
    for (let i = from; i < to; i++) out.push(i);
    return out;
  }
  if (value === undefined) {
    // Stride from the newest backwards, so the latest row is always included.
    for (let k = max - 1; k >= 0; k--) out.push(to - 1 - Math.floor((k * (count - 1)) / (max - 1)));
    return out;
  }
  // One slot is left for the newest row: the live edge of the chart.
  const buckets = Math.floor((max - 1) / 2);
  for (let b = 0; b < buckets; b++) {
    const start = from + Math.floor((b * count) / buckets);
    const end = from + Math.floor(((b + 1) * count) / buckets);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      const v = value(i);
      if (v < value(lo)) lo = i;
      if (v > value(hi)) hi = i;
    }
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    out.push(first);
    if (second !== first) out.push(second);
  }
  if (out[out.length - 1] !== to - 1) out.push(to - 1);
  return out;
}

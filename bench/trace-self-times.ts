/** The self-time sweep the trace benches share (bench/dashboard-trace.ts, bench/windows-trace.ts). */

/** The timing fields of a Chrome trace event that the sweep reads. */
export interface TimedEvent {
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
}

/**
 * Self time (µs) of each complete (`X`) event on one thread: its duration less its direct
 * children's. Events of other phases are skipped.
 */
export function selfTimes<E extends TimedEvent>(events: readonly E[]): Map<E, number> {
  const spans = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<E, number>();
  const stack: E[] = [];
  for (const e of spans) {
    while (stack.length > 0 && stack.at(-1)!.ts + stack.at(-1)!.dur! <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent, self.get(parent)! - e.dur!);
    self.set(e, e.dur!);
    stack.push(e);
  }
  return self;
}

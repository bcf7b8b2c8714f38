/**
 * The time a batch may measure latency from: a state's `ts`, unless its last change was a
 * snapshot. A snapshot is no tick: its `ts` is the instrument's last event, which may be
 * minutes old (a NATS desk's gateway serves the stored states again at each reconnect while
 * its relay is away), and a page read tick→pixel 20 s over a dead relay from them (bug 236).
 */
export interface TickTimed {
  readonly ts: number;
  readonly version: number;
  /** The version the last snapshot left. */
  readonly snapshotVersion: number;
}

/** `state.ts`, or 0 (no tick to measure) while no tick changed it since its last snapshot. */
export function tickTime(state: TickTimed): number {
  return state.version === state.snapshotVersion ? 0 : state.ts;
}

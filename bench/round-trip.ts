/**
 * Where a batch's round trip goes, from the page's side (bench/stack.ts's probe records each
 * batch's flush time, receipt and ack). With a flow window of one the engine builds the next
 * batch only at the first flush after the ack reaches it, so the cycle is delivery + fold +
 * ack transit + the wait for that flush; at 30 Hz a cycle over 33 ms means flushes passed by.
 */
import { percentile } from './numbers';

/** One batch as the page saw it, wall-clock ms (the engine and the page share the clock). */
export interface BatchRound {
  readonly seq: number;
  /** When the engine's flush built it (`Batch.ts`). */
  readonly ts: number;
  /** When the page's socket received it. */
  readonly recv: number;
  /** When the page sent its ack (after folding it in). */
  readonly ackAt: number;
}

/** p50 and p95 of one stage, ms. */
export interface Stage {
  readonly p50: number;
  readonly p95: number;
}

export interface RoundTripSplit {
  readonly batches: number;
  /** Flush → the page's socket: build, the worker's post, the host's JSON, the socket. */
  readonly deliver: Stage;
  /** Receipt → ack: the page parses and folds the batch. */
  readonly fold: Stage;
  /** Ack sent → the next batch's flush: ack transit plus the wait for the flush timer. */
  readonly ackToNext: Stage;
  /** Flush → next flush to this page. */
  readonly cycle: Stage;
  /** Share of acks the first flush after them did not serve (the ack arrived too late). */
  readonly missedFlushShare: number;
}

const stage = (values: readonly number[]): Stage => ({
  p50: percentile(values, 0.5),
  p95: percentile(values, 0.95),
});

/** Splits consecutive batches' round trips; `intervalMs` is the engine's flush interval. */
export function splitRoundTrips(rounds: readonly BatchRound[], intervalMs: number): RoundTripSplit {
  const ackToNext: number[] = [];
  const cycle: number[] = [];
  for (let i = 1; i < rounds.length; i++) {
    const prev = rounds[i - 1]!;
    const next = rounds[i]!;
    if (next.seq !== prev.seq + 1) continue; // a batch the probe missed: no pair
    ackToNext.push(next.ts - prev.ackAt);
    cycle.push(next.ts - prev.ts);
  }
  return {
    batches: rounds.length,
    deliver: stage(rounds.map((r) => r.recv - r.ts)),
    fold: stage(rounds.map((r) => r.ackAt - r.recv)),
    ackToNext: stage(ackToNext),
    cycle: stage(cycle),
    missedFlushShare: ackToNext.filter((ms) => ms > intervalMs).length / (ackToNext.length || NaN),
  };
}

/** The split on one line, for a bench's output. */
export function formatSplit(s: RoundTripSplit): string {
  const f = (x: Stage) => `${x.p50.toFixed(0)}/${x.p95.toFixed(0)}`;
  return (
    `round trip p50/p95 ms: flush→page ${f(s.deliver)}, fold ${f(s.fold)}, ` +
    `ack→next flush ${f(s.ackToNext)}, cycle ${f(s.cycle)}; ` +
    `${(s.missedFlushShare * 100).toFixed(0)} % of acks missed the first flush after them`
  );
}

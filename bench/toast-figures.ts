/**
 * What one round of bench/alert-toast.bench.ts measured, and its summary: tick to toast p50 and
 * p99, the page's share, and where the rest of the path went (engine, host, the page's socket).
 */
import { percentile } from './numbers';

export const fmt = (ms: number): string => ms.toFixed(0);

export interface RoundFigures {
  /** Tick ts to the toast in the DOM, ms, one per alert. */
  readonly toastMs: number[];
  /** Tick ts to the alert event reaching the page, ms. */
  readonly arrivalMs: number[];
  /** Tick ts to the engine firing the rule (`firedAt`), ms. */
  readonly engineMs: number[];
  /** Fired to the quiet listener hearing the alert (worker to host, the log's fsync, send), ms. */
  readonly hostMs: number[];
  /** Alert events the page received against toasts it showed for them (whole run). */
  readonly events: number;
  readonly toasts: number;
  /** Characters of alert events and of command results the page received (whole run). */
  readonly alertBytes: number;
  readonly resultBytes: number;
  /** The engine process over the measured window: CPU (cores) and ticks it ingested per second. */
  readonly engineCores: number;
  readonly engineTicksPerSec: number;
  /** Uncaught errors in the page. */
  readonly errors: string[];
}

/** Rounds of one kind put together: the figures, and a note of where the time went. */
export function summarize(rounds: readonly RoundFigures[]) {
  const all = rounds.flatMap((r) => r.toastMs);
  const arrival = rounds.flatMap((r) => r.arrivalMs);
  const stage = (ms: number[]) => `${fmt(percentile(ms, 0.5))}/${fmt(percentile(ms, 0.99))}`;
  // What follows the host's send: the page's socket and its queue of messages (median split).
  const socket = rounds.flatMap((r) =>
    r.arrivalMs.map((ms, i) => ms - r.engineMs[i]! - percentile(r.hostMs, 0.5)),
  );
  // The page's own share: from the alert reaching it to its toast in the DOM.
  const page = rounds.flatMap((r) => r.toastMs.map((ms, i) => ms - r.arrivalMs[i]!));
  const perRound = rounds
    .map((r) => `${fmt(percentile(r.toastMs, 0.5))}/${fmt(percentile(r.toastMs, 0.99))}`)
    .join(', ');
  const counts = rounds.map((r) => `${r.toasts} toasts for ${r.events} alerts`).join(', ');
  const errors = rounds.flatMap((r) => r.errors);
  const heard = rounds.reduce((sum, r) => sum + r.events, 0);
  const perAlert = (bytes: (r: RoundFigures) => number) =>
    fmt(rounds.reduce((sum, r) => sum + bytes(r), 0) / Math.max(1, heard));
  const engine = rounds
    .map((r) => `${r.engineCores.toFixed(2)} cores, ${fmt(r.engineTicksPerSec)} ticks/s`)
    .join('; ');
  const bytes = `engine process per round: ${engine}; per alert the page received ${perAlert((r) => r.alertBytes)} characters of alert messages and ${perAlert((r) => r.resultBytes)} of command results`;
  return {
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    pageP50: percentile(page, 0.5),
    pageP99: percentile(page, 0.99),
    samples: all.length,
    note: `${all.length} alerts; per round p50/p99 ${perRound} ms; alert reaching the page p50/p99 ${stage(arrival)} ms, of which the engine (tick to fired) ${stage(rounds.flatMap((r) => r.engineMs))} ms, the host (fired to a quiet listener hearing it) ${stage(rounds.flatMap((r) => r.hostMs))} ms, the page's socket and queue (the rest, less the host's median) ${stage(socket)} ms; ${counts}; ${bytes}${errors.length > 0 ? `; page errors: ${errors.slice(0, 3).join(' | ')}` : ''}`,
  };
}

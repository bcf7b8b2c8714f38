/**
 * How far ahead of this computer's clock an instrument's source stamps its ticks, as the
 * engine measured it (`Health.clockAheadMs`, main/feed/clock-ahead.ts): a row's own time less
 * this is when it happened by our clock (bug 259).
 */
import type { Health } from '../../../protocol/health';
import { sourceOfInstrument } from '../../../protocol/source-names';

/** The clock ahead of instrument `id`'s source, ms; 0 while it is in step, or not known. */
export function clockAheadOf(health: Health, id: string): number {
  if (health.clockAheadMs === undefined) return 0;
  const sources = health.sources;
  if (sources === undefined) return health.clockAheadMs;
  const name = sourceOfInstrument(
    id,
    sources.map((s) => s.name),
  );
  return sources.find((s) => s.name === name)?.clockAheadMs ?? 0;
}

/**
 * N desktops' feed engines in one process, for bench/nats-cluster-kill.bench.ts: each a real
 * engine (main/feed/engine.ts) on the `nats://` feed given, listing every cluster server, so
 * failover, gap detection and resync are the product's own. Driven over stdin/stdout:
 *
 *   node --import tsx bench/cluster-desks-process.ts <nats://a,nats://b,.../source> <desks> <instruments>
 *
 * prints `ready` once every desk holds a snapshot of every instrument. Each stdin line answers
 * with one stdout line: `health` → `health <json DeskHealth[]>`; `states` → `states <json>`, per
 * desk a map of instrument to `<seq> <sha1 of its state>`; `stop` closes the engines, exits 0.
 */
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createFeedEngine } from '../main/feed/engine';
import type { FeedEngine } from '../main/feed/engine-api';

/** Desks one process runs at most. */
const MAX_DESKS = 50;
/** How often readiness is checked, ms. */
const POLL_MS = 100;

/** What the bench reads of one desk's health. */
export interface DeskHealth {
  /** The health bar's source label: names the server the desk reads from. */
  readonly label: string;
  readonly connection: string;
  readonly ticksTotal: number;
  readonly gaps: number;
  readonly resyncs: number;
  readonly reconnects: number;
  readonly malformed: number;
  /** The connection's attempt, stall or retry reason: why a desk is stuck. */
  readonly detail: string;
  readonly lastError: string | null;
  readonly eventLoopLagP99Ms: number | null;
}

/** Per desk: instrument → `<seq> <digest of the state>`. */
export type DeskStates = Record<string, string>[];

const [feed, desksArg, instrumentsArg] = process.argv.slice(2);
const desks = Number(desksArg);
const instruments = Number(instrumentsArg);
if (!feed || !Number.isInteger(desks) || desks < 1 || desks > MAX_DESKS || !(instruments > 0)) {
  console.error(
    `usage: cluster-desks-process <nats://.../source> <desks, 1 to ${MAX_DESKS}> <instruments>`,
  );
  process.exit(2);
}

/** JSON with object keys sorted: a state parsed from the store and one folded from ticks may
 * hold the same fields in another order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function states(engine: FeedEngine): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of engine.streamState().snapshots) {
    const digest = createHash('sha1').update(canonical(s.state)).digest('base64');
    out[s.instrument] = `${s.seq} ${digest}`;
  }
  return out;
}

function health(engine: FeedEngine): DeskHealth {
  const h = engine.health();
  const { ticksTotal, gaps, resyncs, reconnects, malformed, lastError, eventLoopLagP99Ms } = h;
  const { state, ...detail } = h.connection;
  return {
    label: h.source.label,
    connection: state,
    ticksTotal,
    gaps,
    resyncs,
    reconnects,
    malformed,
    detail: JSON.stringify(detail),
    lastError,
    eventLoopLagP99Ms,
  };
}

const engines = Array.from({ length: desks }, () =>
  createFeedEngine({ feed, batchHz: 10, backoff: { baseMs: 20, capMs: 300 } }),
);
await Promise.all(engines.map((e) => e.start()));
while (!engines.every((e) => e.streamState().snapshots.length >= instruments))
  await new Promise((resolve) => setTimeout(resolve, POLL_MS));
console.log('ready');

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'health') console.log(`health ${JSON.stringify(engines.map(health))}`);
  if (line === 'states') console.log(`states ${JSON.stringify(engines.map(states))}`);
  if (line === 'stop')
    void Promise.all(engines.map((e) => e.close())).finally(() => process.exit(0));
});
